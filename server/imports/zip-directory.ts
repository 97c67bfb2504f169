/**
 * The central directory of a zip (an XLSX is one): what each entry says it holds, read from the end of
 * the file without inflating anything, so that a file declaring gigabytes is refused before any byte
 * is decompressed. ZIP64 sizes and offsets are read too. Anything malformed is a damaged workbook.
 */
import { DAMAGED_XLSX, ImportFileError } from './errors';
import { IMPORT_LIMITS, ImportTooLarge } from './limits';

export interface ZipItem {
  name: string;
  /** 0 stored, 8 deflated (the only two exceljs reads). */
  method: number;
  compressedSize: number;
  /** What the directory declares; the scan checks it against what inflates (a bomb may lie). */
  uncompressedSize: number;
  /** Where the compressed bytes start (after the local header). */
  dataOffset: number;
}

const END = 0x06054b50;
const END64 = 0x06064b50;
const END64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

const damaged = () => new ImportFileError(DAMAGED_XLSX);

/** The end-of-central-directory record: searched backwards over the comment (64 KB at most). */
function findEnd(buffer: Buffer): number {
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 0xffff); at--) {
    if (buffer.readUInt32LE(at) === END) return at;
  }
  throw damaged();
}

const u64 = (buffer: Buffer, at: number) => {
  const value = buffer.readBigUInt64LE(at);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
};

function directoryBounds(buffer: Buffer, end: number): { count: number; offset: number; size: number } {
  let count = buffer.readUInt16LE(end + 10);
  let size = buffer.readUInt32LE(end + 12);
  let offset = buffer.readUInt32LE(end + 16);
  if (count === 0xffff || size === U32_MAX || offset === U32_MAX) {
    const locator = end - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== END64_LOCATOR) throw damaged();
    const record = u64(buffer, locator + 8);
    if (record + 56 > buffer.length || buffer.readUInt32LE(record) !== END64) throw damaged();
    count = u64(buffer, record + 32);
    size = u64(buffer, record + 40);
    offset = u64(buffer, record + 48);
  }
  if (offset + size > buffer.length) throw damaged();
  return { count, offset, size };
}

/** ZIP64 extra field (id 1): the 64-bit values of the fields whose 32-bit slot says 0xffffffff. */
function zip64Values(extra: Buffer, wanted: boolean[]): (number | undefined)[] {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let cursor = at + 4;
      return wanted.map((want) => {
        if (!want || cursor + 8 > at + 4 + length) return undefined;
        const value = u64(extra, cursor);
        cursor += 8;
        return value;
      });
    }
    at += 4 + length;
  }
  return wanted.map(() => undefined);
}

/** Every entry of the archive, as its central directory declares it (too many: refused unread). */
export function zipDirectory(bytes: Uint8Array): ZipItem[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 22) throw damaged();
  const { count, offset, size } = directoryBounds(buffer, findEnd(buffer));
  if (count > IMPORT_LIMITS.zipEntries) throw new ImportTooLarge('entries', count);
  const items: ZipItem[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || buffer.readUInt32LE(at) !== CENTRAL) throw damaged();
    const method = buffer.readUInt16LE(at + 10);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const extra = buffer.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    let uncompressedSize = buffer.readUInt32LE(at + 24);
    let compressedSize = buffer.readUInt32LE(at + 20);
    let localOffset = buffer.readUInt32LE(at + 42);
    const [u, c, o] = zip64Values(extra, [
      uncompressedSize === U32_MAX,
      compressedSize === U32_MAX,
      localOffset === U32_MAX,
    ]);
    uncompressedSize = u ?? uncompressedSize;
    compressedSize = c ?? compressedSize;
    localOffset = o ?? localOffset;
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL) throw damaged();
    const dataOffset =
      localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > buffer.length) throw damaged();
    items.push({ name, method, compressedSize, uncompressedSize, dataOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return items;
}
