;; The neighbour walks of the texture matrices, as WebAssembly: the same integer operations as the JavaScript they
;; replaced, without its bounds checks (about 3× faster). Every array is i32; arguments are byte addresses set up by
;; kernels.ts. q: compact grey level per voxel of the padded box, -1 outside the ROI; roi: indices in q of the ROI
;; voxels, ascending; [from, to): the range of roi to walk (a slice range); steps: neighbour offsets in q.
;; After editing, run `node scripts/build-wasm.mjs`: it writes texture-kernels.wasm.ts, which the code loads.
(module
  (memory (export "memory") 1)

  ;; GLCM: adds one to out[a][q[i]][q[i + steps[a]]] (ng × ng per direction a) for every ROI voxel i whose neighbour
  ;; along a is in the ROI.
  (func (export "glcmCounts") (param $q i32) (param $roi i32) (param $from i32) (param $to i32) (param $steps i32)
    (param $nd i32) (param $ng i32) (param $out i32)
    (local $t i32) (local $i i32) (local $row i32) (local $a i32) (local $gj i32) (local $cell i32) (local $plane i32)
    (local.set $plane (i32.shl (i32.mul (local.get $ng) (local.get $ng)) (i32.const 2)))
    (local.set $t (local.get $from))
    (block $done (loop $voxel
      (br_if $done (i32.ge_s (local.get $t) (local.get $to)))
      (local.set $i (i32.load (i32.add (local.get $roi) (i32.shl (local.get $t) (i32.const 2)))))
      ;; Byte address of row q[i] in direction 0's matrix.
      (local.set $row (i32.add (local.get $out) (i32.shl (i32.mul (i32.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))) (local.get $ng)) (i32.const 2))))
      (local.set $a (i32.const 0))
      (block $dirs (loop $dir
        (br_if $dirs (i32.ge_s (local.get $a) (local.get $nd)))
        (local.set $gj (i32.load (i32.add (local.get $q)
          (i32.shl (i32.add (local.get $i) (i32.load (i32.add (local.get $steps) (i32.shl (local.get $a) (i32.const 2))))) (i32.const 2)))))
        (if (i32.ge_s (local.get $gj) (i32.const 0)) (then
          (local.set $cell (i32.add (i32.add (local.get $row) (i32.mul (local.get $a) (local.get $plane))) (i32.shl (local.get $gj) (i32.const 2))))
          (i32.store (local.get $cell) (i32.add (i32.load (local.get $cell)) (i32.const 1)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $dir)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $voxel))))

  ;; GLRLM along one direction (step > 0: a direction and its opposite have the same runs), walking the ROI voxels in
  ;; ascending order: len[i] is the length of the run up to voxel i, and a voxel whose successor differs ends a run
  ;; (adds one to m[g][len − 1], m: ng × nr). Branch-free, as runs are short and unpredictable: (x | −x) >> 31 is −1
  ;; for x ≠ 0, else 0. len[i − step] may hold anything where the predecessor differs: it is multiplied by 0.
  ;; Returns 1 when some ROI voxel's predecessor is in the ROI.
  (func (export "runCounts") (param $q i32) (param $roi i32) (param $from i32) (param $to i32) (param $step i32)
    (param $len i32) (param $m i32) (param $nr i32) (result i32)
    (local $t i32) (local $i i32) (local $g i32) (local $before i32) (local $db i32) (local $da i32) (local $n i32)
    (local $touching i32) (local $back i32) (local $cell i32)
    (local.set $back (i32.shl (local.get $step) (i32.const 2)))
    (local.set $t (local.get $from))
    (block $done (loop $voxel
      (br_if $done (i32.ge_s (local.get $t) (local.get $to)))
      ;; $i is a byte offset into q and len (same layout).
      (local.set $i (i32.shl (i32.load (i32.add (local.get $roi) (i32.shl (local.get $t) (i32.const 2)))) (i32.const 2)))
      (local.set $g (i32.load (i32.add (local.get $q) (local.get $i))))
      (local.set $before (i32.load (i32.add (local.get $q) (i32.sub (local.get $i) (local.get $back)))))
      (local.set $db (i32.xor (local.get $before) (local.get $g)))
      (local.set $da (i32.xor (i32.load (i32.add (local.get $q) (i32.add (local.get $i) (local.get $back)))) (local.get $g)))
      (local.set $n (i32.add (i32.const 1) (i32.mul
        (i32.add (i32.const 1) (i32.shr_s (i32.or (local.get $db) (i32.sub (i32.const 0) (local.get $db))) (i32.const 31)))
        (i32.load (i32.add (local.get $len) (i32.sub (local.get $i) (local.get $back)))))))
      (i32.store (i32.add (local.get $len) (local.get $i)) (local.get $n))
      (local.set $touching (i32.or (local.get $touching) (i32.shr_u (i32.xor (local.get $before) (i32.const -1)) (i32.const 31))))
      (local.set $cell (i32.add (local.get $m) (i32.shl (i32.sub (i32.add (i32.mul (local.get $g) (local.get $nr)) (local.get $n)) (i32.const 1)) (i32.const 2))))
      (i32.store (local.get $cell) (i32.sub (i32.load (local.get $cell))
        (i32.shr_s (i32.or (local.get $da) (i32.sub (i32.const 0) (local.get $da))) (i32.const 31))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $voxel)))
    (local.get $touching))

  ;; GLDM / NGLDM: m[g][dependence] += 1 per ROI voxel (m: ng × (ns + 1)), where the dependence counts the neighbours
  ;; whose compact level lies in [lo[g], hi[g]] (the levels within alpha of g); branch-free, as equal levels are
  ;; unpredictable: the sign bit of (gj − lo) | (hi − gj).
  (func (export "dependenceCounts") (param $q i32) (param $roi i32) (param $from i32) (param $to i32) (param $steps i32)
    (param $ns i32) (param $lo i32) (param $hi i32) (param $m i32)
    (local $t i32) (local $i i32) (local $g i32) (local $a0 i32) (local $b0 i32) (local $dep i32) (local $a i32)
    (local $gj i32) (local $cell i32)
    (local.set $t (local.get $from))
    (block $done (loop $voxel
      (br_if $done (i32.ge_s (local.get $t) (local.get $to)))
      (local.set $i (i32.load (i32.add (local.get $roi) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $g (i32.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $a0 (i32.load (i32.add (local.get $lo) (i32.shl (local.get $g) (i32.const 2)))))
      (local.set $b0 (i32.load (i32.add (local.get $hi) (i32.shl (local.get $g) (i32.const 2)))))
      (local.set $dep (i32.const 0))
      (local.set $a (i32.const 0))
      (block $dirs (loop $dir
        (br_if $dirs (i32.ge_s (local.get $a) (local.get $ns)))
        (local.set $gj (i32.load (i32.add (local.get $q)
          (i32.shl (i32.add (local.get $i) (i32.load (i32.add (local.get $steps) (i32.shl (local.get $a) (i32.const 2))))) (i32.const 2)))))
        (local.set $dep (i32.add (local.get $dep) (i32.add (i32.const 1)
          (i32.shr_s (i32.or (i32.sub (local.get $gj) (local.get $a0)) (i32.sub (local.get $b0) (local.get $gj))) (i32.const 31)))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $dir)))
      (local.set $cell (i32.add (local.get $m)
        (i32.shl (i32.add (i32.mul (local.get $g) (i32.add (local.get $ns) (i32.const 1))) (local.get $dep)) (i32.const 2))))
      (i32.store (local.get $cell) (i32.add (i32.load (local.get $cell)) (i32.const 1)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $voxel))))

  ;; Zones (GLSZM, GLDZM): flood fill with an explicit stack, one visit per voxel, linked through steps (both members
  ;; of each ± pair). `open` (qBytes long) starts as a copy of q; a visited voxel becomes -1 there, so one test per
  ;; neighbour. Seeds go slice by slice (sliceStart: ROI voxels of slice z are roi[sliceStart[z] .. sliceStart[z+1])),
  ;; so zones are listed in the order of their first voxel. Per zone: gl, size, the smallest `dist` over its voxels
  ;; (dist indexed like q; 0 when dist = 0) and the slice of its first voxel. Returns the number of zones.
  (func (export "labelZones") (param $q i32) (param $qBytes i32) (param $open i32) (param $stack i32) (param $roi i32)
    (param $sliceStart i32) (param $sz i32) (param $steps i32) (param $ns i32) (param $dist i32)
    (param $gl i32) (param $size i32) (param $minDist i32) (param $slice i32) (result i32)
    (local $z i32) (local $t i32) (local $end i32) (local $seed i32) (local $g i32) (local $top i32) (local $n i32)
    (local $dmin i32) (local $k i32) (local $a i32) (local $j i32) (local $d i32) (local $count i32) (local $out i32)
    (memory.copy (local.get $open) (local.get $q) (local.get $qBytes))
    (block $slices (loop $zslice
      (br_if $slices (i32.ge_s (local.get $z) (local.get $sz)))
      (local.set $t (i32.load (i32.add (local.get $sliceStart) (i32.shl (local.get $z) (i32.const 2)))))
      (local.set $end (i32.load (i32.add (local.get $sliceStart) (i32.shl (i32.add (local.get $z) (i32.const 1)) (i32.const 2)))))
      (block $seeds (loop $seedLoop
        (br_if $seeds (i32.ge_s (local.get $t) (local.get $end)))
        (local.set $seed (i32.load (i32.add (local.get $roi) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $g (i32.load (i32.add (local.get $open) (i32.shl (local.get $seed) (i32.const 2)))))
        (if (i32.ge_s (local.get $g) (i32.const 0)) (then
          (local.set $n (i32.const 0))
          (local.set $dmin (i32.const 0x7fffffff))
          (i32.store (local.get $stack) (local.get $seed))
          (local.set $top (i32.const 1))
          (i32.store (i32.add (local.get $open) (i32.shl (local.get $seed) (i32.const 2))) (i32.const -1))
          (block $filled (loop $fill
            (br_if $filled (i32.eqz (local.get $top)))
            (local.set $top (i32.sub (local.get $top) (i32.const 1)))
            (local.set $k (i32.load (i32.add (local.get $stack) (i32.shl (local.get $top) (i32.const 2)))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (if (local.get $dist) (then
              (local.set $d (i32.load (i32.add (local.get $dist) (i32.shl (local.get $k) (i32.const 2)))))
              (if (i32.lt_s (local.get $d) (local.get $dmin)) (then (local.set $dmin (local.get $d))))))
            (local.set $a (i32.const 0))
            (block $dirs (loop $dir
              (br_if $dirs (i32.ge_s (local.get $a) (local.get $ns)))
              (local.set $j (i32.add (local.get $k) (i32.load (i32.add (local.get $steps) (i32.shl (local.get $a) (i32.const 2))))))
              (if (i32.eq (i32.load (i32.add (local.get $open) (i32.shl (local.get $j) (i32.const 2)))) (local.get $g)) (then
                (i32.store (i32.add (local.get $open) (i32.shl (local.get $j) (i32.const 2))) (i32.const -1))
                (i32.store (i32.add (local.get $stack) (i32.shl (local.get $top) (i32.const 2))) (local.get $j))
                (local.set $top (i32.add (local.get $top) (i32.const 1)))))
              (local.set $a (i32.add (local.get $a) (i32.const 1)))
              (br $dir)))
            (br $fill)))
          (local.set $out (i32.shl (local.get $count) (i32.const 2)))
          (i32.store (i32.add (local.get $gl) (local.get $out)) (local.get $g))
          (i32.store (i32.add (local.get $size) (local.get $out)) (local.get $n))
          (i32.store (i32.add (local.get $minDist) (local.get $out)) (select (local.get $dmin) (i32.const 0) (local.get $dist)))
          (i32.store (i32.add (local.get $slice) (local.get $out)) (local.get $z))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $seedLoop)))
      (local.set $z (i32.add (local.get $z) (i32.const 1)))
      (br $zslice)))
    (local.get $count))
)
