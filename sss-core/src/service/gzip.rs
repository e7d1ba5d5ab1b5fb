//! A gzip member left open, so a body compressed once can be answered with a few bytes appended.
//!
//! A cached page is compressed once, when it is filled. Its last few bytes (the `cache` object:
//! status, fetchedAt, age) differ on every answer, so the compressed body cannot be stored
//! finished. Instead it is stored *open*: a gzip header (RFC 1952) and deflate blocks (RFC 1951)
//! ending in a sync flush, which leaves the stream byte-aligned with no final block. An answer
//! appends:
//!
//! 1. the variable bytes as one final *stored* block (`BFINAL=1`, `BTYPE=00`: a one-byte header,
//!    then `LEN` and `NLEN`, then the bytes as they are), and
//! 2. the gzip trailer: the CRC-32 of all the uncompressed bytes and their length.
//!
//! The CRC-32 of the stored part is kept, and the hasher continues from it over the appended
//! bytes, so an answer costs a CRC of about 100 bytes and a 120-byte buffer: the compressed body
//! itself is shared, never copied or compressed again. The result is one ordinary gzip member
//! that every HTTP client decodes.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress};

/// The gzip header: magic, deflate, no flags, no time, no extra flags, unknown OS.
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// Deflate level of cached pages. Pages are compressed once per fill, so a higher level costs
/// little; `benches/page.rs` measures size and time per level on a real 50-product page.
pub const LEVEL: u32 = 6;

/// The most bytes one stored block holds.
const MAX_STORED: usize = u16::MAX as usize;

/// Bytes appended per stored block: the block header, `LEN` and `NLEN`.
const STORED_HEADER: usize = 5;

/// The gzip trailer: CRC-32 and length, little-endian.
const TRAILER: usize = 8;

/// A gzip member without its end: header and deflate blocks, byte-aligned by a sync flush.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenGzip {
    bytes: Bytes,
    crc: u32,
    len: u32,
}

impl fmt::Debug for OpenGzip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenGzip")
            .field("compressed", &self.bytes.len())
            .field("len", &self.len)
            .finish()
    }
}

impl OpenGzip {
    /// Compresses `data` at `level` (0-9) and leaves the member open.
    ///
    /// Bodies are far below 4 GiB (a page holds at most 100 products); the length field of gzip
    /// counts modulo 2^32 anyway.
    pub fn compress(data: &[u8], level: u32) -> OpenGzip {
        // Room for the worst case (stored blocks) up front, so one call usually does it all.
        let mut out = Vec::with_capacity(HEADER.len() + data.len() + data.len() / 1024 + 64);
        out.extend_from_slice(&HEADER);
        let mut z = Compress::new(Compression::new(level.min(9)), false);
        loop {
            let consumed = usize::try_from(z.total_in()).unwrap_or(data.len());
            // Deflating into spare room cannot fail; an error would only stop early, and a
            // truncated member fails `inflate`'s CRC check rather than reaching a client intact.
            if z.compress_vec(&data[consumed..], &mut out, FlushCompress::Sync)
                .is_err()
            {
                break;
            }
            let all_in = usize::try_from(z.total_in()).is_ok_and(|n| n == data.len());
            // zlib's rule: the flush is complete when it left output room unused.
            if all_in && out.len() < out.capacity() {
                break;
            }
            out.reserve(out.capacity());
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(data);
        OpenGzip {
            bytes: Bytes::from(out),
            crc: crc.finalize(),
            len: data.len() as u32,
        }
    }

    /// The parts as [`OpenGzip::parts`] gave them; `None` unless `bytes` starts with a gzip
    /// header.
    pub fn from_parts(bytes: Bytes, crc: u32, len: u32) -> Option<OpenGzip> {
        (bytes.len() > HEADER.len() && bytes[..3] == HEADER[..3]).then_some(OpenGzip {
            bytes,
            crc,
            len,
        })
    }

    /// The compressed bytes (shared), the CRC-32 and the length of what they hold.
    pub fn parts(&self) -> (&Bytes, u32, u32) {
        (&self.bytes, self.crc, self.len)
    }

    /// The compressed bytes: header and deflate blocks, without the end.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The length of the uncompressed data.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the uncompressed data is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes that close the member after `tail`: `tail` in final stored blocks, then the
    /// trailer. `bytes()` followed by these is a complete gzip member of the data and `tail`.
    pub fn finish(&self, tail: &[u8]) -> Bytes {
        let blocks = tail.len().div_ceil(MAX_STORED).max(1);
        let mut out = BytesMut::with_capacity(blocks * STORED_HEADER + tail.len() + TRAILER);
        let mut chunks = tail.chunks(MAX_STORED).peekable();
        if chunks.peek().is_none() {
            put_stored_block(&mut out, &[], true);
        }
        while let Some(chunk) = chunks.next() {
            put_stored_block(&mut out, chunk, chunks.peek().is_none());
        }
        let mut crc = crc32fast::Hasher::new_with_initial(self.crc);
        crc.update(tail);
        out.put_u32_le(crc.finalize());
        out.put_u32_le(self.len.wrapping_add(tail.len() as u32));
        out.freeze()
    }

    /// The length of [`OpenGzip::finish`]'s answer for a tail of `tail_len` bytes.
    pub fn finish_len(tail_len: usize) -> usize {
        tail_len.div_ceil(MAX_STORED).max(1) * STORED_HEADER + tail_len + TRAILER
    }

    /// The uncompressed data; `None` when the bytes do not inflate to the length and CRC-32
    /// they were stored with (a damaged value).
    pub fn inflate(&self) -> Option<Bytes> {
        let mut out = Vec::with_capacity(self.len());
        let mut z = Decompress::new(false);
        let input = &self.bytes[HEADER.len()..];
        while out.len() < self.len() {
            let consumed = usize::try_from(z.total_in()).ok()?;
            let before = z.total_out();
            z.decompress_vec(&input[consumed..], &mut out, FlushDecompress::Sync)
                .ok()?;
            if z.total_out() == before {
                break; // no progress: the input ended early
            }
        }
        let mut crc = crc32fast::Hasher::new();
        crc.update(&out);
        (out.len() == self.len() && crc.finalize() == self.crc).then(|| Bytes::from(out))
    }
}

/// `data` as one complete gzip member (for bodies with nothing to append: the category tree,
/// the web page's files).
pub fn compress_whole(data: &[u8], level: u32) -> Vec<u8> {
    let open = OpenGzip::compress(data, level);
    [open.bytes().as_ref(), &open.finish(b"")].concat()
}

/// A whole gzip body decoded, its CRC-32 and length checked, by flate2's own decoder (not this
/// module's code, so it also checks what this module writes): what a client does with an
/// answer; the tests use it.
pub fn decompress_whole(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body).read_to_end(&mut out)?;
    Ok(out)
}

/// A stored block holding `data` (at most 65,535 bytes), final or not.
fn put_stored_block(out: &mut BytesMut, data: &[u8], last: bool) {
    let len = data.len() as u16;
    out.put_u8(u8::from(last)); // BFINAL, then BTYPE 00; the stream is byte-aligned
    out.put_u16_le(len);
    out.put_u16_le(!len);
    out.put_slice(data);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gunzip(member: &[u8]) -> Vec<u8> {
        decompress_whole(member).expect("a valid gzip member")
    }

    fn whole(open: &OpenGzip, tail: &[u8]) -> Vec<u8> {
        let end = open.finish(tail);
        assert_eq!(end.len(), OpenGzip::finish_len(tail.len()));
        [open.bytes().as_ref(), end.as_ref()].concat()
    }

    #[test]
    fn a_finished_member_is_valid_gzip_of_body_and_tail() {
        let body = br#"{"products":["#.repeat(500);
        let open = OpenGzip::compress(&body, LEVEL);
        assert!(open.bytes().len() < body.len() / 10, "it compresses");
        for tail in [&b""[..], b",\"cache\":{}}", &vec![b'x'; 70_000]] {
            let expected = [body.as_slice(), tail].concat();
            assert_eq!(gunzip(&whole(&open, tail)), expected);
        }
    }

    #[test]
    fn a_whole_member_is_valid_gzip() {
        assert_eq!(gunzip(&compress_whole(b"[1,2,3]", LEVEL)), b"[1,2,3]");
    }

    #[test]
    fn empty_and_incompressible_bodies() {
        let open = OpenGzip::compress(b"", LEVEL);
        assert_eq!(gunzip(&whole(&open, b"[]")), b"[]");
        let noise: Vec<u8> = (0..50_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let open = OpenGzip::compress(&noise, 9);
        assert_eq!(
            gunzip(&whole(&open, b"!")),
            [noise.as_slice(), b"!"].concat()
        );
        assert_eq!(open.inflate().expect("inflates"), noise);
    }

    #[test]
    fn inflate_checks_length_and_crc() {
        let open = OpenGzip::compress(b"hello hello hello", LEVEL);
        assert_eq!(&open.inflate().expect("inflates")[..], b"hello hello hello");
        let (bytes, crc, len) = open.parts();
        let wrong_crc = OpenGzip::from_parts(bytes.clone(), crc ^ 1, len).expect("parts");
        assert_eq!(wrong_crc.inflate(), None);
        let wrong_len = OpenGzip::from_parts(bytes.clone(), crc, len + 1).expect("parts");
        assert_eq!(wrong_len.inflate(), None);
        assert!(OpenGzip::from_parts(Bytes::from_static(b"not gzip at all"), crc, len).is_none());
    }
}
