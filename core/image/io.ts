/**
 * Reading and writing images. NIfTI and the common NRRD layouts are native (fast, exact); other NRRDs, MetaImage,
 * PNG/JPEG and other ITK formats go through itk-wasm; a folder is read as one DICOM series.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { gdcmReadImageNode, readImageNode, writeImageNode } from '@itk-wasm/image-io';
import { InvalidInputError, type ErrorWhere } from '../errors.js';
import { readDicomSeries } from './dicom-series.js';
import type { Image3D } from './image.js';
import { fromItkImage, toItkImage } from './itk-convert.js';
import { decodeNifti, encodeNifti, isGzip, type EncodeNiftiOptions } from './nifti.js';
import { decodeNrrd } from './nrrd.js';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

/** Extensions itk-wasm reads for us (lower case, longest first where they overlap). */
const ITK_EXTENSIONS = ['.nrrd', '.nhdr', '.mha', '.mhd', '.png', '.jpg', '.jpeg', '.tif', '.tiff', '.vtk', '.mgh', '.mgz', '.gipl', '.hdf5', '.bmp'];
/** Formats that hold a single 2D slice. */
const SLICE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.bmp'];
const DICOM_EXTENSIONS = ['.dcm', '.dicom', '.ima'];

export interface ReadImageOptions {
  /** Site and case named in error messages. @default {} */
  where?: ErrorWhere;
}

export type ImageFormat = 'nifti' | 'itk' | 'dicom-file' | 'dicom-series';

/** The reader a path goes to, decided from the file system entry and its extension. */
export async function detectImageFormat(path: string, where: ErrorWhere = {}): Promise<ImageFormat> {
  const at = { ...where, file: path };
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InvalidInputError('image file does not exist', at, 'Check the path in cases.csv (paths are relative to the site folder)');
  }
  if (info.isDirectory()) return 'dicom-series';
  const lower = path.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) return 'nifti';
  if (ITK_EXTENSIONS.some((e) => lower.endsWith(e))) return 'itk';
  if (DICOM_EXTENSIONS.some((e) => lower.endsWith(e)) || !basename(lower).includes('.')) return 'dicom-file';
  throw new InvalidInputError(
    `unsupported image format "${basename(path)}"`,
    at,
    'Use NIfTI (.nii/.nii.gz), NRRD, MetaImage (.mha/.mhd), PNG/JPEG, or a folder holding one DICOM series',
  );
}

/** Reads a 2D or 3D scalar image; geometry in LPS with ITK conventions. */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<Image3D> {
  const where = options.where ?? {};
  const at = { ...where, file: path };
  const format = await detectImageFormat(path, where);
  switch (format) {
    case 'nifti':
      return readNifti(path, where);
    case 'dicom-series':
      return readDicomSeries(path, where);
    case 'dicom-file': {
      const result = await runItk(() => gdcmReadImageNode(path), at);
      if (!result.couldRead) throw new InvalidInputError('not a readable DICOM file', at, 'Check the file or convert it to NIfTI');
      return fromItkImage(result.image, path);
    }
    case 'itk':
      return (path.toLowerCase().endsWith('.nrrd') ? await readNrrdNatively(path, where) : null)
        ?? fromItkImage(await runItk(() => readImageNode(path), at), path);
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${never}`);
    }
  }
}

async function runItk<T>(read: () => Promise<T>, at: ErrorWhere): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`cannot decode image (${reason.split('\n')[0]})`, at, 'The file is corrupt or not in the format its extension says; re-export it');
  }
}

/** The common NRRD layouts natively; null for the others (itk-wasm reads those). */
async function readNrrdNatively(path: string, where: ErrorWhere): Promise<Image3D | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    throw new InvalidInputError('image file cannot be read', { ...where, file: path }, 'Check the path in cases.csv and the file permissions');
  }
  return decodeNrrd(bytes, (b) => gunzipAsync(b), path, where);
}

export async function readNifti(path: string, where: ErrorWhere = {}): Promise<Image3D> {
  const at = { ...where, file: path };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    throw new InvalidInputError('image file cannot be read', at, 'Check the path in cases.csv and the file permissions');
  }
  if (isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch {
      throw new InvalidInputError('gzip stream is corrupt', at, 'The file was damaged in transfer; copy it again from the source');
    }
  }
  return decodeNifti(bytes, path, where);
}

export interface WriteNiftiOptions extends EncodeNiftiOptions {
  /** zlib level when the path ends in .gz. @default 6 */
  compressionLevel?: number;
}

/** Writes a NIfTI file atomically (temp file, then rename); gzipped when the path ends in `.nii.gz`. */
export async function writeNifti(path: string, image: Image3D, options: WriteNiftiOptions = {}): Promise<void> {
  const lower = path.toLowerCase();
  if (!lower.endsWith('.nii') && !lower.endsWith('.nii.gz')) {
    throw new InvalidInputError('a NIfTI file name must end in .nii or .nii.gz', { file: path }, 'Rename the output file');
  }
  let bytes = encodeNifti(image, options);
  if (lower.endsWith('.gz')) bytes = await gzipAsync(bytes, { level: options.compressionLevel ?? 6 });
  await writeAtomically(path, bytes);
}

/** Writes any format: NIfTI natively, others (.nrrd, .mha, .mhd…) through itk-wasm. */
export async function writeImage(path: string, image: Image3D): Promise<void> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) return writeNifti(path, image);
  if (!ITK_EXTENSIONS.some((e) => lower.endsWith(e))) {
    throw new InvalidInputError(`cannot write "${basename(path)}": unknown image format`, { file: path }, 'Use .nii.gz, .nrrd or .mha');
  }
  const flat = SLICE_EXTENSIONS.some((e) => lower.endsWith(e));
  if (flat && image.size[2] !== 1) {
    throw new InvalidInputError(`cannot write a ${image.size.join('×')} volume as "${basename(path)}": the format holds one slice`, { file: path }, 'Write .nii.gz or .nrrd instead');
  }
  await writeImageNode(toItkImage(image, flat ? 2 : 3), path, { useCompression: true });
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, bytes, { flush: true });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
