;; logistic: the log-loss pass
(module
  (import "env" "memory" (memory 1))
  (func $logistic (export "logistic") (param $yAt i32) (param $pairs i32)
    (local $off i32)
    (local $end i32)
    (local $z v128)
    (local $y v128)
    (local $e v128)
    (local $u v128)
    (local $k v128)
    (local $f v128)
    (local $s v128)
    (local $s2 v128)
    (local $hfsq v128)
    (local $acc v128)
    (local $t v128)
    (local $pow2 v128)
    (local $pow4 v128)
    (local $pow8 v128)
    local.get $pairs
    i32.const 16
    i32.mul
    local.set $end
    i32.const 0
    local.set $off
    i32.const 0
    v128.load offset=16416 align=8
    local.set $acc
    block
      loop
        local.get $off
        local.get $end
        i32.lt_u
        i32.eqz
        br_if 1
        local.get $off
        v128.load offset=8192 align=8
        local.set $z
        local.get $yAt
        local.get $off
        i32.add
        v128.load align=8
        local.set $y
        local.get $z
        f64x2.abs
        f64x2.neg
        i32.const 0
        v128.load offset=16432 align=8
        f64x2.max
        local.set $t
        local.get $t
        i32.const 0
        v128.load offset=16448 align=8
        f64x2.mul
        f64x2.nearest
        local.set $k
        local.get $t
        local.get $k
        i32.const 0
        v128.load offset=16464 align=8
        f64x2.mul
        f64x2.sub
        local.get $k
        i32.const 0
        v128.load offset=16480 align=8
        f64x2.mul
        f64x2.sub
        local.set $t
        local.get $t
        local.get $t
        f64x2.mul
        local.set $pow2
        local.get $pow2
        local.get $pow2
        f64x2.mul
        local.set $pow4
        local.get $pow4
        local.get $pow4
        f64x2.mul
        local.set $pow8
        i32.const 0
        v128.load offset=16496 align=8
        local.get $t
        f64x2.mul
        i32.const 0
        v128.load offset=16496 align=8
        f64x2.add
        i32.const 0
        v128.load offset=16512 align=8
        local.get $t
        f64x2.mul
        i32.const 0
        v128.load offset=16528 align=8
        f64x2.add
        local.get $pow2
        f64x2.mul
        f64x2.add
        i32.const 0
        v128.load offset=16544 align=8
        local.get $t
        f64x2.mul
        i32.const 0
        v128.load offset=16560 align=8
        f64x2.add
        i32.const 0
        v128.load offset=16576 align=8
        local.get $t
        f64x2.mul
        i32.const 0
        v128.load offset=16592 align=8
        f64x2.add
        local.get $pow2
        f64x2.mul
        f64x2.add
        local.get $pow4
        f64x2.mul
        f64x2.add
        i32.const 0
        v128.load offset=16608 align=8
        local.get $t
        f64x2.mul
        i32.const 0
        v128.load offset=16624 align=8
        f64x2.add
        i32.const 0
        v128.load offset=16640 align=8
        local.get $t
        f64x2.mul
        i32.const 0
        v128.load offset=16656 align=8
        f64x2.add
        local.get $pow2
        f64x2.mul
        f64x2.add
        i32.const 0
        v128.load offset=16672 align=8
        local.get $t
        f64x2.mul
        i32.const 0
        v128.load offset=16688 align=8
        f64x2.add
        local.get $pow4
        f64x2.mul
        f64x2.add
        local.get $pow8
        f64x2.mul
        f64x2.add
        local.get $k
        i32.const 0
        v128.load offset=16704 align=8
        f64x2.add
        i32.const 52
        i64x2.shl
        f64x2.mul
        local.set $e
        local.get $e
        i32.const 0
        v128.load offset=16496 align=8
        f64x2.add
        local.set $u
        local.get $off
        i32.const 0
        v128.load offset=16496 align=8
        local.get $e
        local.get $z
        i32.const 0
        v128.load offset=16416 align=8
        f64x2.ge
        v128.bitselect
        local.get $u
        f64x2.div
        local.get $y
        f64x2.sub
        i32.const 0
        v128.load offset=16384 align=8
        f64x2.mul
        v128.store offset=12288 align=8
        local.get $acc
        i32.const 0
        v128.load offset=16384 align=8
        local.get $z
        i32.const 0
        v128.load offset=16416 align=8
        f64x2.max
        local.get $y
        local.get $z
        f64x2.mul
        f64x2.sub
        local.get $u
        i32.const 0
        v128.load offset=16720 align=8
        f64x2.gt
        local.set $k
        local.get $u
        i32.const 0
        v128.load offset=16528 align=8
        f64x2.mul
        local.get $u
        local.get $k
        v128.bitselect
        i32.const 0
        v128.load offset=16496 align=8
        f64x2.sub
        local.set $f
        local.get $k
        i32.const 0
        v128.load offset=16496 align=8
        v128.and
        local.set $k
        local.get $f
        i32.const 0
        v128.load offset=16736 align=8
        local.get $f
        f64x2.add
        f64x2.div
        local.set $s
        local.get $s
        local.get $s
        f64x2.mul
        local.set $s2
        i32.const 0
        v128.load offset=16528 align=8
        local.get $f
        f64x2.mul
        local.get $f
        f64x2.mul
        local.set $hfsq
        local.get $k
        i32.const 0
        v128.load offset=16464 align=8
        f64x2.mul
        local.get $f
        local.get $hfsq
        local.get $s
        local.get $hfsq
        local.get $s2
        local.get $s2
        local.get $s2
        f64x2.mul
        local.set $pow2
        local.get $pow2
        local.get $pow2
        f64x2.mul
        local.set $pow4
        i32.const 0
        v128.load offset=16752 align=8
        local.get $s2
        f64x2.mul
        i32.const 0
        v128.load offset=16768 align=8
        f64x2.add
        i32.const 0
        v128.load offset=16784 align=8
        local.get $s2
        f64x2.mul
        i32.const 0
        v128.load offset=16800 align=8
        f64x2.add
        local.get $pow2
        f64x2.mul
        f64x2.add
        i32.const 0
        v128.load offset=16816 align=8
        local.get $s2
        f64x2.mul
        i32.const 0
        v128.load offset=16832 align=8
        f64x2.add
        i32.const 0
        v128.load offset=16848 align=8
        local.get $pow2
        f64x2.mul
        f64x2.add
        local.get $pow4
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.add
        f64x2.mul
        f64x2.sub
        f64x2.sub
        local.get $k
        i32.const 0
        v128.load offset=16480 align=8
        f64x2.mul
        local.get $e
        local.get $u
        i32.const 0
        v128.load offset=16496 align=8
        f64x2.sub
        f64x2.sub
        local.get $u
        f64x2.div
        f64x2.add
        f64x2.add
        f64x2.add
        f64x2.add
        f64x2.mul
        f64x2.add
        local.set $acc
        local.get $off
        i32.const 16
        i32.add
        local.set $off
        br 0
      end
    end
    i32.const 0
    local.get $acc
    f64x2.extract_lane 0
    local.get $acc
    f64x2.extract_lane 1
    f64.add
    f64.store offset=16400
  )
)
