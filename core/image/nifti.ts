/**
 * Native NIfTI-1 / NIfTI-2 reader and writer (single-file `.nii`, optionally gzipped).
 * Geometry: sform or qform chosen as ITK does (see affineOf), converted from RAS to LPS;
 * with neither set, origin 0 and identity direction (ITK) with pixdim spacing.
 */
import { InvalidInputError, type ErrorWhere } from '../errors.js';
import { geometryFromRasAffine, quaternionFromRasRotation, rasAffineFromGeometry, rasAffineFromQuaternion, type Affine34 } from './affine.js';
import type { Image3D, Vec3, VoxelArray } from './image.js';
import { NIFTI_INT64, NIFTI_UINT64, niftiDatatypeByCode, niftiDatatypeOf, UNSUPPORTED_NIFTI_TYPES } from './nifti-datatype.js';

interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  dims: number[];
  datatype: number;
  bitpix: number;
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  quatern: Vec3;
  qoffset: Vec3;
  srow: Affine34;
}

const fixHint = 'Re-export the image as a 3D single-file NIfTI (.nii or .nii.gz), e.g. with SimpleITK or nibabel';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function parseHeader(bytes: Uint8Array, at: ErrorWhere): NiftiHeader {
  if (bytes.length < 348) throw new InvalidInputError(`NIfTI file is ${bytes.length} bytes, shorter than a NIfTI header`, at, fixHint);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le348 = view.getInt32(0, true);
  const be348 = view.getInt32(0, false);
  if (le348 === 348 || be348 === 348) return parseNifti1(view, le348 === 348, at);
  if (le348 === 540 || be348 === 540) return parseNifti2(view, le348 === 540, at);
  throw new InvalidInputError('not a NIfTI file (sizeof_hdr is neither 348 nor 540)', at, fixHint);
}

function parseNifti1(v: DataView, le: boolean, at: ErrorWhere): NiftiHeader {
  const magic = String.fromCharCode(v.getUint8(344), v.getUint8(345), v.getUint8(346));
  if (magic === 'ni1') throw new InvalidInputError('two-file NIfTI (.hdr/.img) is not supported', at, fixHint);
  const i16 = (o: number) => v.getInt16(o, le);
  const f32 = (o: number) => v.getFloat32(o, le);
  return {
    version: 1,
    littleEndian: le,
    dims: Array.from({ length: 8 }, (_, i) => i16(40 + 2 * i)),
    datatype: i16(70),
    bitpix: i16(72),
    pixdim: Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i)),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: [f32(256), f32(260), f32(264)],
    qoffset: [f32(268), f32(272), f32(276)],
    srow: Array.from({ length: 12 }, (_, i) => f32(280 + 4 * i)),
  };
}

function parseNifti2(v: DataView, le: boolean, at: ErrorWhere): NiftiHeader {
  if (v.byteLength < 540) throw new InvalidInputError('NIfTI-2 file is shorter than its 540-byte header', at, fixHint);
  const i64 = (o: number) => Number(v.getBigInt64(o, le));
  const f64 = (o: number) => v.getFloat64(o, le);
  return {
    version: 2,
    littleEndian: le,
    dims: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    datatype: v.getInt16(12, le),
    bitpix: v.getInt16(14, le),
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    qformCode: v.getInt32(344, le),
    sformCode: v.getInt32(348, le),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: Array.from({ length: 12 }, (_, i) => f64(400 + 8 * i)),
  };
}

/** NIFTI_XFORM_SCANNER_ANAT: ITK trusts an sform with this code over the qform. */
const SCANNER_ANAT = 1;

/**
 * The voxel → RAS transform, chosen as ITK's NiftiImageIO does: the sform when it is a rotation
 * times scaling and the qform is unset, the sform code is SCANNER_ANAT, or both agree; else the qform.
 * `undefined` when neither is set (ITK then uses origin 0 and identity direction).
 */
function affineOf(h: NiftiHeader, at: ErrorWhere): Affine34 | undefined {
  const pixdim: Vec3 = [h.pixdim[1] || 1, h.pixdim[2] || 1, h.pixdim[3] || 1].map(Math.abs) as Vec3;
  const qform = h.qformCode > 0 ? rasAffineFromQuaternion(h.quatern[0], h.quatern[1], h.quatern[2], h.qoffset, pixdim, h.pixdim[0] < 0 ? -1 : 1) : undefined;
  if (h.sformCode > 0) {
    const orthogonal = isScaledRotation(h.srow);
    const agrees = qform !== undefined && h.srow.every((v, i) => Math.abs(v - qform[i]) <= 1e-4 * Math.max(1, Math.abs(v)));
    if (orthogonal && (qform === undefined || h.sformCode === SCANNER_ANAT || agrees)) return h.srow;
    if (!qform) {
      throw new InvalidInputError('the sform has shear (its axes are not perpendicular) and there is no qform', at, 'Fix the header (e.g. nibabel set_qform from a clean affine) or resample the image');
    }
  }
  return qform;
}

/** True when the 3×3 part has perpendicular columns (a rotation times per-axis scaling). */
function isScaledRotation(a: Affine34): boolean {
  const col = (j: number) => [a[j], a[4 + j], a[8 + j]];
  const norm = (v: number[]) => Math.hypot(v[0], v[1], v[2]);
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      const u = col(i);
      const v = col(j);
      const nu = norm(u);
      const nv = norm(v);
      if (nu === 0 || nv === 0) return false;
      if (Math.abs((u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (nu * nv)) > 1e-4) return false;
    }
  }
  return true;
}

function sizeOf(h: NiftiHeader, at: ErrorWhere): Vec3 {
  const ndim = h.dims[0];
  if (ndim < 1 || ndim > 7) throw new InvalidInputError(`NIfTI dim[0] is ${ndim}, expected 1 to 7`, at, fixHint);
  for (let i = 4; i <= ndim; i++) {
    if (h.dims[i] > 1) {
      throw new InvalidInputError(
        `NIfTI image has ${ndim} dimensions (dim = ${h.dims.slice(1, ndim + 1).join('×')}); only 3D volumes are supported`,
        at,
        'Split the series into 3D volumes (e.g. fslsplit) and list one volume per case',
      );
    }
  }
  const size: Vec3 = [h.dims[1], ndim >= 2 ? h.dims[2] : 1, ndim >= 3 ? h.dims[3] : 1];
  if (size.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new InvalidInputError(`NIfTI size ${size.join('×')} is invalid`, at, fixHint);
  }
  return size;
}

/** Copies `count` elements of `width` bytes into a fresh aligned buffer, swapping bytes if big-endian. */
function alignedCopy(bytes: Uint8Array, offset: number, count: number, width: number, littleEndian: boolean): ArrayBuffer {
  const out = new Uint8Array(count * width);
  out.set(bytes.subarray(offset, offset + count * width));
  if (!littleEndian && width > 1) {
    for (let i = 0; i < out.length; i += width) out.subarray(i, i + width).reverse();
  }
  return out.buffer;
}

/** Decodes an uncompressed NIfTI byte stream. */
export function decodeNifti(bytes: Uint8Array, file = '<memory>', where: ErrorWhere = {}): Image3D {
  const at: ErrorWhere = { ...where, file };
  const h = parseHeader(bytes, at);
  const size = sizeOf(h, at);
  const count = size[0] * size[1] * size[2];
  const offset = Math.max(Math.round(h.voxOffset), h.version === 1 ? 352 : 544);
  const is64 = h.datatype === NIFTI_INT64 || h.datatype === NIFTI_UINT64;
  const type = niftiDatatypeByCode(h.datatype);
  if (!type && !is64) {
    const name = UNSUPPORTED_NIFTI_TYPES[h.datatype] ?? `code ${h.datatype}`;
    throw new InvalidInputError(`NIfTI datatype ${name} is not supported`, at, 'Convert the image to a scalar type (int16, uint8, float32…)');
  }
  const width = is64 ? 8 : type!.bitpix / 8;
  if (bytes.length < offset + count * width) {
    throw new InvalidInputError(
      `NIfTI file is truncated: ${size.join('×')} voxels need ${offset + count * width} bytes, the file has ${bytes.length}`,
      at,
      'The file was cut short (interrupted copy?); copy it again from the source',
    );
  }
  const buffer = alignedCopy(bytes, offset, count, width, h.littleEndian);
  let data: VoxelArray;
  if (is64) {
    const big = h.datatype === NIFTI_INT64 ? new BigInt64Array(buffer) : new BigUint64Array(buffer);
    data = Float64Array.from(big, (x) => Number(x));
  } else {
    data = type!.view(buffer);
  }
  data = applyScaling(data, h.sclSlope, h.sclInter);
  const affine = affineOf(h, at);
  const geometry = affine ? geometryFromRasAffine(affine) : { spacing: [1, 1, 1] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  // As ITK: spacing comes from pixdim (exact float32 values), direction and origin from the transform.
  for (let i = 0; i < 3; i++) if (h.pixdim[i + 1] !== 0 && Number.isFinite(h.pixdim[i + 1])) geometry.spacing[i] = Math.abs(h.pixdim[i + 1]);
  return { size, ...geometry, data };
}

/** scl_slope/scl_inter as ITK applies them: a non-identity scaling yields float voxels. */
function applyScaling(data: VoxelArray, slope: number, inter: number): VoxelArray {
  if (!Number.isFinite(slope) || slope === 0) return data;
  const offset = Number.isFinite(inter) ? inter : 0;
  if (slope === 1 && offset === 0) return data;
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * slope + offset;
  return out;
}

export interface EncodeNiftiOptions {
  /** NIfTI-1 stores geometry as float32; NIfTI-2 as float64 (bit-exact geometry round trip). @default 1 */
  version?: 1 | 2;
}

/** Encodes an image as an uncompressed single-file NIfTI (little-endian, sform and qform both set, code 1). */
export function encodeNifti(image: Image3D, options: EncodeNiftiOptions = {}): Uint8Array {
  const version = options.version ?? 1;
  const type = niftiDatatypeOf(image.data);
  const headerBytes = version === 1 ? 352 : 544;
  const dataBytes = image.data.length * (type.bitpix / 8);
  const out = new Uint8Array(headerBytes + dataBytes);
  const v = new DataView(out.buffer);
  const a = rasAffineFromGeometry(image);
  const rot = [0, 1, 2].map((r) => [0, 1, 2].map((c) => a[r * 4 + c] / image.spacing[c]));
  const q = quaternionFromRasRotation(rot);
  const dims = [3, image.size[0], image.size[1], image.size[2], 1, 1, 1, 1];
  const pixdim = [q.qfac, image.spacing[0], image.spacing[1], image.spacing[2], 1, 1, 1, 1];
  if (version === 1) {
    v.setInt32(0, 348, true);
    dims.forEach((d, i) => v.setInt16(40 + 2 * i, d, true));
    v.setInt16(70, type.code, true);
    v.setInt16(72, type.bitpix, true);
    pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, true));
    v.setFloat32(108, headerBytes, true);
    v.setFloat32(112, 1, true);
    v.setFloat32(116, 0, true);
    v.setUint8(123, 2); // xyzt_units: mm
    v.setInt16(252, 1, true);
    v.setInt16(254, 1, true);
    [q.b, q.c, q.d, a[3], a[7], a[11]].forEach((x, i) => v.setFloat32(256 + 4 * i, x, true));
    a.forEach((x, i) => v.setFloat32(280 + 4 * i, x, true));
    out.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
  } else {
    v.setInt32(0, 540, true);
    out.set([0x6e, 0x2b, 0x32, 0x00, 0x0d, 0x0a, 0x1a, 0x0a], 4); // "n+2\0\r\n\032\n"
    v.setInt16(12, type.code, true);
    v.setInt16(14, type.bitpix, true);
    dims.forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), true));
    pixdim.forEach((p, i) => v.setFloat64(104 + 8 * i, p, true));
    v.setBigInt64(168, BigInt(headerBytes), true);
    v.setFloat64(176, 1, true);
    v.setFloat64(184, 0, true);
    v.setInt32(344, 1, true);
    v.setInt32(348, 1, true);
    [q.b, q.c, q.d, a[3], a[7], a[11]].forEach((x, i) => v.setFloat64(352 + 8 * i, x, true));
    a.forEach((x, i) => v.setFloat64(400 + 8 * i, x, true));
    v.setInt32(500, 2, true); // xyzt_units: mm
  }
  const src = new Uint8Array(image.data.buffer, image.data.byteOffset, dataBytes);
  // Typed arrays are host-endian; every platform Node 20 supports is little-endian, as we write.
  out.set(src, headerBytes);
  return out;
}
