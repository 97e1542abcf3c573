;; linear: rows of 3 features (one pair and an odd last one)
(module
  (import "env" "memory" (memory 1))
  (func $scores (export "scores") (param $x i32) (param $rows i32) (param $z i32)
    (local $end i32)
    (local $sumEven v128)
    (local $sumOdd v128)
    local.get $x
    local.get $rows
    i32.const 24
    i32.mul
    i32.add
    local.set $end
    block
      loop
        local.get $x
        local.get $end
        i32.lt_u
        i32.eqz
        br_if 1
        local.get $x
        v128.load align=8
        i32.const 0
        v128.load offset=256 align=8
        f64x2.mul
        local.set $sumEven
        local.get $z
        i32.const 0
        f64.load offset=280
        local.get $sumEven
        f64x2.extract_lane 0
        f64.add
        local.get $sumEven
        f64x2.extract_lane 1
        f64.add
        local.get $x
        f64.load offset=16
        i32.const 0
        f64.load offset=272
        f64.mul
        f64.add
        f64.store
        local.get $x
        i32.const 24
        i32.add
        local.set $x
        local.get $z
        i32.const 8
        i32.add
        local.set $z
        br 0
      end
    end
  )
  (func $gradient (export "gradient") (param $x i32) (param $rows i32) (param $g i32)
    (local $end i32)
    (local $fourEnd i32)
    (local $g0 v128)
    (local $g1 v128)
    (local $g2 v128)
    (local $g3 v128)
    local.get $x
    local.get $rows
    i32.const -1
    i32.and
    i32.const 24
    i32.mul
    i32.add
    local.set $end
    local.get $x
    local.get $rows
    i32.const -4
    i32.and
    i32.const 24
    i32.mul
    i32.add
    local.set $fourEnd
    block
      loop
        local.get $x
        local.get $fourEnd
        i32.lt_u
        i32.eqz
        br_if 1
        local.get $g
        f64.load
        f64x2.splat
        local.set $g0
        local.get $g
        f64.load offset=8
        f64x2.splat
        local.set $g1
        local.get $g
        f64.load offset=16
        f64x2.splat
        local.set $g2
        local.get $g
        f64.load offset=24
        f64x2.splat
        local.set $g3
        i32.const 0
        i32.const 0
        v128.load offset=4096 align=8
        local.get $x
        v128.load align=8
        local.get $g0
        f64x2.mul
        local.get $x
        v128.load offset=24 align=8
        local.get $g1
        f64x2.mul
        f64x2.add
        local.get $x
        v128.load offset=48 align=8
        local.get $g2
        f64x2.mul
        local.get $x
        v128.load offset=72 align=8
        local.get $g3
        f64x2.mul
        f64x2.add
        f64x2.add
        f64x2.add
        v128.store offset=4096 align=8
        i32.const 0
        i32.const 0
        f64.load offset=4112
        local.get $x
        f64.load offset=16
        local.get $g0
        f64x2.extract_lane 0
        f64.mul
        local.get $x
        f64.load offset=40
        local.get $g1
        f64x2.extract_lane 0
        f64.mul
        f64.add
        local.get $x
        f64.load offset=64
        local.get $g2
        f64x2.extract_lane 0
        f64.mul
        local.get $x
        f64.load offset=88
        local.get $g3
        f64x2.extract_lane 0
        f64.mul
        f64.add
        f64.add
        f64.add
        f64.store offset=4112
        local.get $x
        i32.const 96
        i32.add
        local.set $x
        local.get $g
        i32.const 32
        i32.add
        local.set $g
        br 0
      end
    end
    block
      loop
        local.get $x
        local.get $end
        i32.lt_u
        i32.eqz
        br_if 1
        local.get $g
        f64.load
        f64x2.splat
        local.set $g0
        i32.const 0
        i32.const 0
        v128.load offset=4096 align=8
        local.get $x
        v128.load align=8
        local.get $g0
        f64x2.mul
        f64x2.add
        v128.store offset=4096 align=8
        i32.const 0
        i32.const 0
        f64.load offset=4112
        local.get $x
        f64.load offset=16
        local.get $g0
        f64x2.extract_lane 0
        f64.mul
        f64.add
        f64.store offset=4112
        local.get $x
        i32.const 24
        i32.add
        local.set $x
        local.get $g
        i32.const 8
        i32.add
        local.set $g
        br 0
      end
    end
  )
)
