;; trees: trees of depth 2, rows of 3 features, 2 outputs
(module
  (import "env" "memory" (memory 1))
  (func $forest (export "forest") (param $x i32) (param $rows i32) (param $table i32) (param $trees i32) (param $out i32)
    (local $entry i32)
    (local $end i32)
    (local $recs i32)
    (local $leafBase i32)
    (local $col i32)
    (local $c i32)
    (local $depth i32)
    (local $row i32)
    (local $xRow i32)
    (local $outRow i32)
    (local $rootF i32)
    (local $left0 i32)
    (local $right0 i32)
    (local $a0 i32)
    (local $a1 i32)
    (local $a2 i32)
    (local $a3 i32)
    (local $a4 i32)
    (local $a5 i32)
    (local $a6 i32)
    (local $a7 i32)
    (local $n0 i32)
    (local $n1 i32)
    (local $n2 i32)
    (local $n3 i32)
    (local $n4 i32)
    (local $n5 i32)
    (local $n6 i32)
    (local $n7 i32)
    (local $rootT f64)
    local.get $table
    local.get $trees
    i32.const 16
    i32.mul
    i32.add
    local.set $end
    local.get $table
    local.set $entry
    block
      loop
        local.get $entry
        local.get $end
        i32.lt_u
        i32.eqz
        br_if 1
        ;; the tree at entry: records, leaves, output, depth
        local.get $entry
        i32.load
        local.set $recs
        local.get $entry
        i32.load offset=4
        local.get $recs
        i32.const 1
        i32.shr_u
        i32.sub
        local.set $leafBase
        local.get $entry
        i32.load offset=12
        local.set $col
        i32.const 16
        local.get $recs
        i32.sub
        local.set $c
        local.get $entry
        i32.load offset=8
        local.set $depth
        ;; its root and children, read once
        local.get $recs
        i32.load offset=8
        local.set $rootF
        local.get $recs
        f64.load
        local.set $rootT
        local.get $recs
        i32.const 16
        i32.add
        local.set $left0
        local.get $recs
        i32.const 32
        i32.add
        local.set $right0
        local.get $x
        local.set $xRow
        local.get $out
        local.get $col
        i32.add
        local.set $outRow
        i32.const 0
        local.set $row
        ;; trees of depth 2: the rows, eight at a time
        local.get $depth
        i32.const 2
        i32.eq
        if
          block
            loop
              local.get $row
              local.get $rows
              i32.lt_u
              i32.eqz
              br_if 1
              ;; level 0: each row from the root
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load
              local.get $rootT
              f64.gt
              select
              local.set $a0
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load offset=24
              local.get $rootT
              f64.gt
              select
              local.set $a1
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load offset=48
              local.get $rootT
              f64.gt
              select
              local.set $a2
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load offset=72
              local.get $rootT
              f64.gt
              select
              local.set $a3
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load offset=96
              local.get $rootT
              f64.gt
              select
              local.set $a4
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load offset=120
              local.get $rootT
              f64.gt
              select
              local.set $a5
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load offset=144
              local.get $rootT
              f64.gt
              select
              local.set $a6
              local.get $right0
              local.get $left0
              local.get $xRow
              local.get $rootF
              i32.add
              f64.load offset=168
              local.get $rootT
              f64.gt
              select
              local.set $a7
              ;; level 1, row 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $xRow
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.get $a0
              f64.load
              f64.gt
              select
              local.set $a0
              ;; level 1, row 1
              local.get $a1
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n1
              i32.const 16
              i32.add
              local.get $n1
              local.get $xRow
              local.get $a1
              i32.load offset=8
              i32.add
              f64.load offset=24
              local.get $a1
              f64.load
              f64.gt
              select
              local.set $a1
              ;; level 1, row 2
              local.get $a2
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n2
              i32.const 16
              i32.add
              local.get $n2
              local.get $xRow
              local.get $a2
              i32.load offset=8
              i32.add
              f64.load offset=48
              local.get $a2
              f64.load
              f64.gt
              select
              local.set $a2
              ;; level 1, row 3
              local.get $a3
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n3
              i32.const 16
              i32.add
              local.get $n3
              local.get $xRow
              local.get $a3
              i32.load offset=8
              i32.add
              f64.load offset=72
              local.get $a3
              f64.load
              f64.gt
              select
              local.set $a3
              ;; level 1, row 4
              local.get $a4
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n4
              i32.const 16
              i32.add
              local.get $n4
              local.get $xRow
              local.get $a4
              i32.load offset=8
              i32.add
              f64.load offset=96
              local.get $a4
              f64.load
              f64.gt
              select
              local.set $a4
              ;; level 1, row 5
              local.get $a5
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n5
              i32.const 16
              i32.add
              local.get $n5
              local.get $xRow
              local.get $a5
              i32.load offset=8
              i32.add
              f64.load offset=120
              local.get $a5
              f64.load
              f64.gt
              select
              local.set $a5
              ;; level 1, row 6
              local.get $a6
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n6
              i32.const 16
              i32.add
              local.get $n6
              local.get $xRow
              local.get $a6
              i32.load offset=8
              i32.add
              f64.load offset=144
              local.get $a6
              f64.load
              f64.gt
              select
              local.set $a6
              ;; level 1, row 7
              local.get $a7
              i32.const 1
              i32.shl
              local.get $c
              i32.add
              local.tee $n7
              i32.const 16
              i32.add
              local.get $n7
              local.get $xRow
              local.get $a7
              i32.load offset=8
              i32.add
              f64.load offset=168
              local.get $a7
              f64.load
              f64.gt
              select
              local.set $a7
              ;; the leaves, added to the rows' output
              local.get $outRow
              local.get $outRow
              f64.load
              local.get $leafBase
              local.get $a0
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $outRow
              local.get $outRow
              f64.load offset=16
              local.get $leafBase
              local.get $a1
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store offset=16
              local.get $outRow
              local.get $outRow
              f64.load offset=32
              local.get $leafBase
              local.get $a2
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store offset=32
              local.get $outRow
              local.get $outRow
              f64.load offset=48
              local.get $leafBase
              local.get $a3
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store offset=48
              local.get $outRow
              local.get $outRow
              f64.load offset=64
              local.get $leafBase
              local.get $a4
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store offset=64
              local.get $outRow
              local.get $outRow
              f64.load offset=80
              local.get $leafBase
              local.get $a5
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store offset=80
              local.get $outRow
              local.get $outRow
              f64.load offset=96
              local.get $leafBase
              local.get $a6
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store offset=96
              local.get $outRow
              local.get $outRow
              f64.load offset=112
              local.get $leafBase
              local.get $a7
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store offset=112
              local.get $xRow
              i32.const 192
              i32.add
              local.set $xRow
              local.get $outRow
              i32.const 128
              i32.add
              local.set $outRow
              local.get $row
              i32.const 8
              i32.add
              local.set $row
              br 0
            end
          end
        end
        local.get $entry
        i32.const 16
        i32.add
        local.set $entry
        br 0
      end
    end
  )
  (func $rows (export "rows") (param $x i32) (param $rows i32) (param $groups i32) (param $count i32) (param $out i32)
    (local $xEnd i32)
    (local $group i32)
    (local $groupEnd i32)
    (local $first i32)
    (local $key i32)
    (local $recs0 i32)
    (local $leafBase0 i32)
    (local $col0 i32)
    (local $c0 i32)
    (local $a0 i32)
    (local $n0 i32)
    (local $recs1 i32)
    (local $leafBase1 i32)
    (local $col1 i32)
    (local $c1 i32)
    (local $a1 i32)
    (local $n1 i32)
    (local $recs2 i32)
    (local $leafBase2 i32)
    (local $col2 i32)
    (local $c2 i32)
    (local $a2 i32)
    (local $n2 i32)
    (local $recs3 i32)
    (local $leafBase3 i32)
    (local $col3 i32)
    (local $c3 i32)
    (local $a3 i32)
    (local $n3 i32)
    (local $recs4 i32)
    (local $leafBase4 i32)
    (local $col4 i32)
    (local $c4 i32)
    (local $a4 i32)
    (local $n4 i32)
    (local $recs5 i32)
    (local $leafBase5 i32)
    (local $col5 i32)
    (local $c5 i32)
    (local $a5 i32)
    (local $n5 i32)
    (local $recs6 i32)
    (local $leafBase6 i32)
    (local $col6 i32)
    (local $c6 i32)
    (local $a6 i32)
    (local $n6 i32)
    (local $recs7 i32)
    (local $leafBase7 i32)
    (local $col7 i32)
    (local $c7 i32)
    (local $a7 i32)
    (local $n7 i32)
    local.get $x
    local.get $rows
    i32.const 24
    i32.mul
    i32.add
    local.set $xEnd
    local.get $groups
    local.get $count
    i32.const 8
    i32.mul
    i32.add
    local.set $groupEnd
    block
      loop
        local.get $x
        local.get $xEnd
        i32.lt_u
        i32.eqz
        br_if 1
        local.get $groups
        local.set $group
        block
          loop
            local.get $group
            local.get $groupEnd
            i32.lt_u
            i32.eqz
            br_if 1
            local.get $group
            i32.load
            local.set $first
            local.get $group
            i32.load offset=4
            local.set $key
            ;; 8 tree(s) of depth 2
            local.get $key
            i32.const 18
            i32.eq
            if
              ;; tree 0 of the group: its entry; start at its root
              local.get $first
              i32.load
              local.set $recs0
              local.get $first
              i32.load offset=4
              local.get $recs0
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase0
              local.get $first
              i32.load offset=12
              local.set $col0
              i32.const 16
              local.get $recs0
              i32.sub
              local.set $c0
              local.get $recs0
              local.set $a0
              ;; tree 1 of the group: its entry; start at its root
              local.get $first
              i32.load offset=16
              local.set $recs1
              local.get $first
              i32.load offset=20
              local.get $recs1
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase1
              local.get $first
              i32.load offset=28
              local.set $col1
              i32.const 16
              local.get $recs1
              i32.sub
              local.set $c1
              local.get $recs1
              local.set $a1
              ;; tree 2 of the group: its entry; start at its root
              local.get $first
              i32.load offset=32
              local.set $recs2
              local.get $first
              i32.load offset=36
              local.get $recs2
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase2
              local.get $first
              i32.load offset=44
              local.set $col2
              i32.const 16
              local.get $recs2
              i32.sub
              local.set $c2
              local.get $recs2
              local.set $a2
              ;; tree 3 of the group: its entry; start at its root
              local.get $first
              i32.load offset=48
              local.set $recs3
              local.get $first
              i32.load offset=52
              local.get $recs3
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase3
              local.get $first
              i32.load offset=60
              local.set $col3
              i32.const 16
              local.get $recs3
              i32.sub
              local.set $c3
              local.get $recs3
              local.set $a3
              ;; tree 4 of the group: its entry; start at its root
              local.get $first
              i32.load offset=64
              local.set $recs4
              local.get $first
              i32.load offset=68
              local.get $recs4
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase4
              local.get $first
              i32.load offset=76
              local.set $col4
              i32.const 16
              local.get $recs4
              i32.sub
              local.set $c4
              local.get $recs4
              local.set $a4
              ;; tree 5 of the group: its entry; start at its root
              local.get $first
              i32.load offset=80
              local.set $recs5
              local.get $first
              i32.load offset=84
              local.get $recs5
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase5
              local.get $first
              i32.load offset=92
              local.set $col5
              i32.const 16
              local.get $recs5
              i32.sub
              local.set $c5
              local.get $recs5
              local.set $a5
              ;; tree 6 of the group: its entry; start at its root
              local.get $first
              i32.load offset=96
              local.set $recs6
              local.get $first
              i32.load offset=100
              local.get $recs6
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase6
              local.get $first
              i32.load offset=108
              local.set $col6
              i32.const 16
              local.get $recs6
              i32.sub
              local.set $c6
              local.get $recs6
              local.set $a6
              ;; tree 7 of the group: its entry; start at its root
              local.get $first
              i32.load offset=112
              local.set $recs7
              local.get $first
              i32.load offset=116
              local.get $recs7
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase7
              local.get $first
              i32.load offset=124
              local.set $col7
              i32.const 16
              local.get $recs7
              i32.sub
              local.set $c7
              local.get $recs7
              local.set $a7
              ;; level 0, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.get $a0
              f64.load
              f64.gt
              select
              local.set $a0
              ;; level 0, tree 1
              local.get $a1
              i32.const 1
              i32.shl
              local.get $c1
              i32.add
              local.tee $n1
              i32.const 16
              i32.add
              local.get $n1
              local.get $x
              local.get $a1
              i32.load offset=8
              i32.add
              f64.load
              local.get $a1
              f64.load
              f64.gt
              select
              local.set $a1
              ;; level 0, tree 2
              local.get $a2
              i32.const 1
              i32.shl
              local.get $c2
              i32.add
              local.tee $n2
              i32.const 16
              i32.add
              local.get $n2
              local.get $x
              local.get $a2
              i32.load offset=8
              i32.add
              f64.load
              local.get $a2
              f64.load
              f64.gt
              select
              local.set $a2
              ;; level 0, tree 3
              local.get $a3
              i32.const 1
              i32.shl
              local.get $c3
              i32.add
              local.tee $n3
              i32.const 16
              i32.add
              local.get $n3
              local.get $x
              local.get $a3
              i32.load offset=8
              i32.add
              f64.load
              local.get $a3
              f64.load
              f64.gt
              select
              local.set $a3
              ;; level 0, tree 4
              local.get $a4
              i32.const 1
              i32.shl
              local.get $c4
              i32.add
              local.tee $n4
              i32.const 16
              i32.add
              local.get $n4
              local.get $x
              local.get $a4
              i32.load offset=8
              i32.add
              f64.load
              local.get $a4
              f64.load
              f64.gt
              select
              local.set $a4
              ;; level 0, tree 5
              local.get $a5
              i32.const 1
              i32.shl
              local.get $c5
              i32.add
              local.tee $n5
              i32.const 16
              i32.add
              local.get $n5
              local.get $x
              local.get $a5
              i32.load offset=8
              i32.add
              f64.load
              local.get $a5
              f64.load
              f64.gt
              select
              local.set $a5
              ;; level 0, tree 6
              local.get $a6
              i32.const 1
              i32.shl
              local.get $c6
              i32.add
              local.tee $n6
              i32.const 16
              i32.add
              local.get $n6
              local.get $x
              local.get $a6
              i32.load offset=8
              i32.add
              f64.load
              local.get $a6
              f64.load
              f64.gt
              select
              local.set $a6
              ;; level 0, tree 7
              local.get $a7
              i32.const 1
              i32.shl
              local.get $c7
              i32.add
              local.tee $n7
              i32.const 16
              i32.add
              local.get $n7
              local.get $x
              local.get $a7
              i32.load offset=8
              i32.add
              f64.load
              local.get $a7
              f64.load
              f64.gt
              select
              local.set $a7
              ;; level 1, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.get $a0
              f64.load
              f64.gt
              select
              local.set $a0
              ;; level 1, tree 1
              local.get $a1
              i32.const 1
              i32.shl
              local.get $c1
              i32.add
              local.tee $n1
              i32.const 16
              i32.add
              local.get $n1
              local.get $x
              local.get $a1
              i32.load offset=8
              i32.add
              f64.load
              local.get $a1
              f64.load
              f64.gt
              select
              local.set $a1
              ;; level 1, tree 2
              local.get $a2
              i32.const 1
              i32.shl
              local.get $c2
              i32.add
              local.tee $n2
              i32.const 16
              i32.add
              local.get $n2
              local.get $x
              local.get $a2
              i32.load offset=8
              i32.add
              f64.load
              local.get $a2
              f64.load
              f64.gt
              select
              local.set $a2
              ;; level 1, tree 3
              local.get $a3
              i32.const 1
              i32.shl
              local.get $c3
              i32.add
              local.tee $n3
              i32.const 16
              i32.add
              local.get $n3
              local.get $x
              local.get $a3
              i32.load offset=8
              i32.add
              f64.load
              local.get $a3
              f64.load
              f64.gt
              select
              local.set $a3
              ;; level 1, tree 4
              local.get $a4
              i32.const 1
              i32.shl
              local.get $c4
              i32.add
              local.tee $n4
              i32.const 16
              i32.add
              local.get $n4
              local.get $x
              local.get $a4
              i32.load offset=8
              i32.add
              f64.load
              local.get $a4
              f64.load
              f64.gt
              select
              local.set $a4
              ;; level 1, tree 5
              local.get $a5
              i32.const 1
              i32.shl
              local.get $c5
              i32.add
              local.tee $n5
              i32.const 16
              i32.add
              local.get $n5
              local.get $x
              local.get $a5
              i32.load offset=8
              i32.add
              f64.load
              local.get $a5
              f64.load
              f64.gt
              select
              local.set $a5
              ;; level 1, tree 6
              local.get $a6
              i32.const 1
              i32.shl
              local.get $c6
              i32.add
              local.tee $n6
              i32.const 16
              i32.add
              local.get $n6
              local.get $x
              local.get $a6
              i32.load offset=8
              i32.add
              f64.load
              local.get $a6
              f64.load
              f64.gt
              select
              local.set $a6
              ;; level 1, tree 7
              local.get $a7
              i32.const 1
              i32.shl
              local.get $c7
              i32.add
              local.tee $n7
              i32.const 16
              i32.add
              local.get $n7
              local.get $x
              local.get $a7
              i32.load offset=8
              i32.add
              f64.load
              local.get $a7
              f64.load
              f64.gt
              select
              local.set $a7
              ;; the leaves, added in tree order
              local.get $out
              local.get $col0
              i32.add
              local.get $out
              local.get $col0
              i32.add
              f64.load
              local.get $leafBase0
              local.get $a0
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col1
              i32.add
              local.get $out
              local.get $col1
              i32.add
              f64.load
              local.get $leafBase1
              local.get $a1
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col2
              i32.add
              local.get $out
              local.get $col2
              i32.add
              f64.load
              local.get $leafBase2
              local.get $a2
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col3
              i32.add
              local.get $out
              local.get $col3
              i32.add
              f64.load
              local.get $leafBase3
              local.get $a3
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col4
              i32.add
              local.get $out
              local.get $col4
              i32.add
              f64.load
              local.get $leafBase4
              local.get $a4
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col5
              i32.add
              local.get $out
              local.get $col5
              i32.add
              f64.load
              local.get $leafBase5
              local.get $a5
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col6
              i32.add
              local.get $out
              local.get $col6
              i32.add
              f64.load
              local.get $leafBase6
              local.get $a6
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col7
              i32.add
              local.get $out
              local.get $col7
              i32.add
              f64.load
              local.get $leafBase7
              local.get $a7
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
            end
            ;; 1 tree(s) of depth 2
            local.get $key
            i32.const 2
            i32.eq
            if
              ;; tree 0 of the group: its entry; start at its root
              local.get $first
              i32.load
              local.set $recs0
              local.get $first
              i32.load offset=4
              local.get $recs0
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase0
              local.get $first
              i32.load offset=12
              local.set $col0
              i32.const 16
              local.get $recs0
              i32.sub
              local.set $c0
              local.get $recs0
              local.set $a0
              ;; level 0, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.get $a0
              f64.load
              f64.gt
              select
              local.set $a0
              ;; level 1, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.get $a0
              f64.load
              f64.gt
              select
              local.set $a0
              ;; the leaves, added in tree order
              local.get $out
              local.get $col0
              i32.add
              local.get $out
              local.get $col0
              i32.add
              f64.load
              local.get $leafBase0
              local.get $a0
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
            end
            local.get $group
            i32.const 8
            i32.add
            local.set $group
            br 0
          end
        end
        local.get $x
        i32.const 24
        i32.add
        local.set $x
        local.get $out
        i32.const 16
        i32.add
        local.set $out
        br 0
      end
    end
  )
  (func $rowsMissing (export "rowsMissing") (param $x i32) (param $rows i32) (param $groups i32) (param $count i32) (param $out i32)
    (local $xEnd i32)
    (local $group i32)
    (local $groupEnd i32)
    (local $first i32)
    (local $key i32)
    (local $recs0 i32)
    (local $leafBase0 i32)
    (local $col0 i32)
    (local $c0 i32)
    (local $a0 i32)
    (local $n0 i32)
    (local $recs1 i32)
    (local $leafBase1 i32)
    (local $col1 i32)
    (local $c1 i32)
    (local $a1 i32)
    (local $n1 i32)
    (local $recs2 i32)
    (local $leafBase2 i32)
    (local $col2 i32)
    (local $c2 i32)
    (local $a2 i32)
    (local $n2 i32)
    (local $recs3 i32)
    (local $leafBase3 i32)
    (local $col3 i32)
    (local $c3 i32)
    (local $a3 i32)
    (local $n3 i32)
    (local $recs4 i32)
    (local $leafBase4 i32)
    (local $col4 i32)
    (local $c4 i32)
    (local $a4 i32)
    (local $n4 i32)
    (local $recs5 i32)
    (local $leafBase5 i32)
    (local $col5 i32)
    (local $c5 i32)
    (local $a5 i32)
    (local $n5 i32)
    (local $recs6 i32)
    (local $leafBase6 i32)
    (local $col6 i32)
    (local $c6 i32)
    (local $a6 i32)
    (local $n6 i32)
    (local $recs7 i32)
    (local $leafBase7 i32)
    (local $col7 i32)
    (local $c7 i32)
    (local $a7 i32)
    (local $n7 i32)
    (local $xv f64)
    local.get $x
    local.get $rows
    i32.const 24
    i32.mul
    i32.add
    local.set $xEnd
    local.get $groups
    local.get $count
    i32.const 8
    i32.mul
    i32.add
    local.set $groupEnd
    block
      loop
        local.get $x
        local.get $xEnd
        i32.lt_u
        i32.eqz
        br_if 1
        local.get $groups
        local.set $group
        block
          loop
            local.get $group
            local.get $groupEnd
            i32.lt_u
            i32.eqz
            br_if 1
            local.get $group
            i32.load
            local.set $first
            local.get $group
            i32.load offset=4
            local.set $key
            ;; 8 tree(s) of depth 2
            local.get $key
            i32.const 18
            i32.eq
            if
              ;; tree 0 of the group: its entry; start at its root
              local.get $first
              i32.load
              local.set $recs0
              local.get $first
              i32.load offset=4
              local.get $recs0
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase0
              local.get $first
              i32.load offset=12
              local.set $col0
              i32.const 16
              local.get $recs0
              i32.sub
              local.set $c0
              local.get $recs0
              local.set $a0
              ;; tree 1 of the group: its entry; start at its root
              local.get $first
              i32.load offset=16
              local.set $recs1
              local.get $first
              i32.load offset=20
              local.get $recs1
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase1
              local.get $first
              i32.load offset=28
              local.set $col1
              i32.const 16
              local.get $recs1
              i32.sub
              local.set $c1
              local.get $recs1
              local.set $a1
              ;; tree 2 of the group: its entry; start at its root
              local.get $first
              i32.load offset=32
              local.set $recs2
              local.get $first
              i32.load offset=36
              local.get $recs2
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase2
              local.get $first
              i32.load offset=44
              local.set $col2
              i32.const 16
              local.get $recs2
              i32.sub
              local.set $c2
              local.get $recs2
              local.set $a2
              ;; tree 3 of the group: its entry; start at its root
              local.get $first
              i32.load offset=48
              local.set $recs3
              local.get $first
              i32.load offset=52
              local.get $recs3
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase3
              local.get $first
              i32.load offset=60
              local.set $col3
              i32.const 16
              local.get $recs3
              i32.sub
              local.set $c3
              local.get $recs3
              local.set $a3
              ;; tree 4 of the group: its entry; start at its root
              local.get $first
              i32.load offset=64
              local.set $recs4
              local.get $first
              i32.load offset=68
              local.get $recs4
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase4
              local.get $first
              i32.load offset=76
              local.set $col4
              i32.const 16
              local.get $recs4
              i32.sub
              local.set $c4
              local.get $recs4
              local.set $a4
              ;; tree 5 of the group: its entry; start at its root
              local.get $first
              i32.load offset=80
              local.set $recs5
              local.get $first
              i32.load offset=84
              local.get $recs5
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase5
              local.get $first
              i32.load offset=92
              local.set $col5
              i32.const 16
              local.get $recs5
              i32.sub
              local.set $c5
              local.get $recs5
              local.set $a5
              ;; tree 6 of the group: its entry; start at its root
              local.get $first
              i32.load offset=96
              local.set $recs6
              local.get $first
              i32.load offset=100
              local.get $recs6
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase6
              local.get $first
              i32.load offset=108
              local.set $col6
              i32.const 16
              local.get $recs6
              i32.sub
              local.set $c6
              local.get $recs6
              local.set $a6
              ;; tree 7 of the group: its entry; start at its root
              local.get $first
              i32.load offset=112
              local.set $recs7
              local.get $first
              i32.load offset=116
              local.get $recs7
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase7
              local.get $first
              i32.load offset=124
              local.set $col7
              i32.const 16
              local.get $recs7
              i32.sub
              local.set $c7
              local.get $recs7
              local.set $a7
              ;; level 0, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a0
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a0
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a0
              ;; level 0, tree 1
              local.get $a1
              i32.const 1
              i32.shl
              local.get $c1
              i32.add
              local.tee $n1
              i32.const 16
              i32.add
              local.get $n1
              local.get $x
              local.get $a1
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a1
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a1
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a1
              ;; level 0, tree 2
              local.get $a2
              i32.const 1
              i32.shl
              local.get $c2
              i32.add
              local.tee $n2
              i32.const 16
              i32.add
              local.get $n2
              local.get $x
              local.get $a2
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a2
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a2
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a2
              ;; level 0, tree 3
              local.get $a3
              i32.const 1
              i32.shl
              local.get $c3
              i32.add
              local.tee $n3
              i32.const 16
              i32.add
              local.get $n3
              local.get $x
              local.get $a3
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a3
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a3
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a3
              ;; level 0, tree 4
              local.get $a4
              i32.const 1
              i32.shl
              local.get $c4
              i32.add
              local.tee $n4
              i32.const 16
              i32.add
              local.get $n4
              local.get $x
              local.get $a4
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a4
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a4
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a4
              ;; level 0, tree 5
              local.get $a5
              i32.const 1
              i32.shl
              local.get $c5
              i32.add
              local.tee $n5
              i32.const 16
              i32.add
              local.get $n5
              local.get $x
              local.get $a5
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a5
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a5
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a5
              ;; level 0, tree 6
              local.get $a6
              i32.const 1
              i32.shl
              local.get $c6
              i32.add
              local.tee $n6
              i32.const 16
              i32.add
              local.get $n6
              local.get $x
              local.get $a6
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a6
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a6
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a6
              ;; level 0, tree 7
              local.get $a7
              i32.const 1
              i32.shl
              local.get $c7
              i32.add
              local.tee $n7
              i32.const 16
              i32.add
              local.get $n7
              local.get $x
              local.get $a7
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a7
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a7
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a7
              ;; level 1, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a0
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a0
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a0
              ;; level 1, tree 1
              local.get $a1
              i32.const 1
              i32.shl
              local.get $c1
              i32.add
              local.tee $n1
              i32.const 16
              i32.add
              local.get $n1
              local.get $x
              local.get $a1
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a1
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a1
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a1
              ;; level 1, tree 2
              local.get $a2
              i32.const 1
              i32.shl
              local.get $c2
              i32.add
              local.tee $n2
              i32.const 16
              i32.add
              local.get $n2
              local.get $x
              local.get $a2
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a2
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a2
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a2
              ;; level 1, tree 3
              local.get $a3
              i32.const 1
              i32.shl
              local.get $c3
              i32.add
              local.tee $n3
              i32.const 16
              i32.add
              local.get $n3
              local.get $x
              local.get $a3
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a3
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a3
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a3
              ;; level 1, tree 4
              local.get $a4
              i32.const 1
              i32.shl
              local.get $c4
              i32.add
              local.tee $n4
              i32.const 16
              i32.add
              local.get $n4
              local.get $x
              local.get $a4
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a4
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a4
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a4
              ;; level 1, tree 5
              local.get $a5
              i32.const 1
              i32.shl
              local.get $c5
              i32.add
              local.tee $n5
              i32.const 16
              i32.add
              local.get $n5
              local.get $x
              local.get $a5
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a5
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a5
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a5
              ;; level 1, tree 6
              local.get $a6
              i32.const 1
              i32.shl
              local.get $c6
              i32.add
              local.tee $n6
              i32.const 16
              i32.add
              local.get $n6
              local.get $x
              local.get $a6
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a6
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a6
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a6
              ;; level 1, tree 7
              local.get $a7
              i32.const 1
              i32.shl
              local.get $c7
              i32.add
              local.tee $n7
              i32.const 16
              i32.add
              local.get $n7
              local.get $x
              local.get $a7
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a7
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a7
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a7
              ;; the leaves, added in tree order
              local.get $out
              local.get $col0
              i32.add
              local.get $out
              local.get $col0
              i32.add
              f64.load
              local.get $leafBase0
              local.get $a0
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col1
              i32.add
              local.get $out
              local.get $col1
              i32.add
              f64.load
              local.get $leafBase1
              local.get $a1
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col2
              i32.add
              local.get $out
              local.get $col2
              i32.add
              f64.load
              local.get $leafBase2
              local.get $a2
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col3
              i32.add
              local.get $out
              local.get $col3
              i32.add
              f64.load
              local.get $leafBase3
              local.get $a3
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col4
              i32.add
              local.get $out
              local.get $col4
              i32.add
              f64.load
              local.get $leafBase4
              local.get $a4
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col5
              i32.add
              local.get $out
              local.get $col5
              i32.add
              f64.load
              local.get $leafBase5
              local.get $a5
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col6
              i32.add
              local.get $out
              local.get $col6
              i32.add
              f64.load
              local.get $leafBase6
              local.get $a6
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
              local.get $out
              local.get $col7
              i32.add
              local.get $out
              local.get $col7
              i32.add
              f64.load
              local.get $leafBase7
              local.get $a7
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
            end
            ;; 1 tree(s) of depth 2
            local.get $key
            i32.const 2
            i32.eq
            if
              ;; tree 0 of the group: its entry; start at its root
              local.get $first
              i32.load
              local.set $recs0
              local.get $first
              i32.load offset=4
              local.get $recs0
              i32.const 1
              i32.shr_u
              i32.sub
              local.set $leafBase0
              local.get $first
              i32.load offset=12
              local.set $col0
              i32.const 16
              local.get $recs0
              i32.sub
              local.set $c0
              local.get $recs0
              local.set $a0
              ;; level 0, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a0
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a0
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a0
              ;; level 1, tree 0
              local.get $a0
              i32.const 1
              i32.shl
              local.get $c0
              i32.add
              local.tee $n0
              i32.const 16
              i32.add
              local.get $n0
              local.get $x
              local.get $a0
              i32.load offset=8
              i32.add
              f64.load
              local.tee $xv
              local.get $a0
              f64.load
              f64.gt
              local.get $xv
              local.get $xv
              f64.ne
              local.get $a0
              i32.load offset=12
              i32.and
              i32.or
              select
              local.set $a0
              ;; the leaves, added in tree order
              local.get $out
              local.get $col0
              i32.add
              local.get $out
              local.get $col0
              i32.add
              f64.load
              local.get $leafBase0
              local.get $a0
              i32.const 1
              i32.shr_u
              i32.add
              f64.load
              f64.add
              f64.store
            end
            local.get $group
            i32.const 8
            i32.add
            local.set $group
            br 0
          end
        end
        local.get $x
        i32.const 24
        i32.add
        local.set $x
        local.get $out
        i32.const 16
        i32.add
        local.set $out
        br 0
      end
    end
  )
  (func $nanScan (export "nanScan") (param $addr i32) (param $pairs i32)
    (local $i i32)
    (local $any v128)
    i32.const 0
    local.set $i
    local.get $addr
    local.get $i
    i32.const 4
    i32.shl
    i32.add
    v128.load align=8
    local.get $addr
    local.get $i
    i32.const 4
    i32.shl
    i32.add
    v128.load align=8
    f64x2.ne
    local.set $any
    i32.const 1
    local.set $i
    block
      loop
        local.get $i
        local.get $pairs
        i32.lt_u
        i32.eqz
        br_if 1
        local.get $any
        local.get $addr
        local.get $i
        i32.const 4
        i32.shl
        i32.add
        v128.load align=8
        local.get $addr
        local.get $i
        i32.const 4
        i32.shl
        i32.add
        v128.load align=8
        f64x2.ne
        v128.or
        local.set $any
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0
      end
    end
    i32.const 0
    local.get $any
    v128.any_true
    i32.store
  )
)
