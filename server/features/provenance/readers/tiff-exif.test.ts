import { describe, expect, it } from 'vitest';
import { tiffBlock } from '../testing/builders';
import { readTiffExif } from './tiff-exif';

describe('readTiffExif', () => {
  it('reads Make, Model, Software and a UNICODE UserComment in either byte order', () => {
    const be = Buffer.concat([
      Buffer.from('UNICODE\0', 'latin1'),
      Buffer.from('photo of a duck\nSteps: 15', 'utf16le').swap16(),
    ]);
    const fields = readTiffExif(
      tiffBlock({ 0x010f: 'NIKON CORPORATION', 0x0110: 'NIKON Z 6_3', 0x0131: 'Ver.01.00' }, be),
    );
    expect(fields).toEqual({
      make: 'NIKON CORPORATION',
      model: 'NIKON Z 6_3',
      software: 'Ver.01.00',
      userComment: 'photo of a duck\nSteps: 15',
    });
    const le = Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from('hello', 'utf16le')]);
    expect(readTiffExif(tiffBlock({}, le)).userComment).toBe('hello');
    const ascii = Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.from('Steps: 20')]);
    expect(readTiffExif(tiffBlock({}, ascii)).userComment).toBe('Steps: 20');
  });

  it('survives garbage, wrong magic and offsets past the end', () => {
    expect(readTiffExif(new Uint8Array([1, 2, 3]))).toEqual({});
    expect(readTiffExif(Buffer.from('MM\0\x2b\0\0\0\x08'))).toEqual({});
    const broken = tiffBlock({ 0x010f: 'A long camera maker name' });
    broken.writeUInt32BE(0xfffffff0, 8 + 2 + 8); // value offset of the first entry
    expect(readTiffExif(broken)).toEqual({});
  });
});
