import type { ImageFormat } from '../../../platform/image-format';
import { readJpegSegments } from './jpeg-segments';
import { exifFromRawProfile, readPngChunks } from './png-chunks';
import type { PngTextChunk } from './png-chunks';
import { readWebpChunks } from './webp-chunks';
import { scanXmpPackets } from './xmp';

/**
 * One view over every container format: where the EXIF block, XMP packets,
 * text chunks and C2PA store are. Each walker is bounded; this only routes.
 */
export interface ContainerMetadata {
  exifTiff: Uint8Array | null;
  xmpPackets: string[];
  pngTexts: PngTextChunk[];
  /** A C2PA store marker was seen (or the format is one whose store Loupe does not locate itself). */
  mayHaveC2pa: boolean;
  /** Pixel-level readers may run: the pixels are stored losslessly. */
  lossless: boolean;
  width: number;
  height: number;
  truncated: boolean;
}

export const readContainer = (bytes: Uint8Array, format: ImageFormat): ContainerMetadata => {
  const base: ContainerMetadata = {
    exifTiff: null,
    xmpPackets: [],
    pngTexts: [],
    mayHaveC2pa: false,
    lossless: false,
    width: 0,
    height: 0,
    truncated: false,
  };
  switch (format) {
    case 'png': {
      const png = readPngChunks(bytes);
      const xmp = png.texts.filter((text) => text.keyword === 'XML:com.adobe.xmp').map((text) => text.text);
      const rawExif = png.texts.find((text) => text.keyword === 'Raw profile type exif');
      return {
        ...base,
        exifTiff: png.exif ?? (rawExif ? exifFromRawProfile(rawExif.text) : null),
        xmpPackets: xmp,
        pngTexts: png.texts.filter((text) => text.keyword !== 'XML:com.adobe.xmp'),
        mayHaveC2pa: png.hasC2pa,
        lossless: true,
        width: png.width,
        height: png.height,
        truncated: png.truncated,
      };
    }
    case 'jpeg': {
      const jpeg = readJpegSegments(bytes);
      return {
        ...base,
        exifTiff: jpeg.exif,
        xmpPackets: jpeg.xmp,
        mayHaveC2pa: jpeg.hasC2pa,
        truncated: jpeg.truncated,
      };
    }
    case 'webp': {
      const webp = readWebpChunks(bytes);
      return {
        ...base,
        exifTiff: webp.exif,
        xmpPackets: webp.xmp ? [webp.xmp] : [],
        mayHaveC2pa: webp.hasC2pa,
        lossless: webp.lossless,
        truncated: webp.truncated,
      };
    }
    default:
      // AVIF, HEIC, SVG, GIF, TIFF: XMP by packet scanning; the C2PA reader locates the store itself.
      return { ...base, xmpPackets: scanXmpPackets(bytes), mayHaveC2pa: true };
  }
};
