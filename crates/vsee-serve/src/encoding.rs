//! `Content-Encoding` of upstream bodies, undone for checking and recording only: the client
//! gets the bytes as the upstream sent them.
//!
//! gzip (`x-gzip`), deflate (zlib-wrapped as RFC 9110 says, or raw as some servers send it),
//! br, and stacks of them (`deflate, gzip`: undone last first); `identity` is no coding.
//! Decoding stops one byte past the limit, so a small body that inflates to gigabytes (a
//! decompression bomb) costs at most the limit in memory.

use std::io::Read;

use hyper::header::HeaderValue;

/// A coding this proxy undoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    Gzip,
    Deflate,
    Brotli,
}

/// Why a body cannot be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// A coding other than gzip, deflate, br and identity.
    UnknownCoding,
    /// Decoded, it is larger than the limit.
    TooLarge,
    /// The bytes do not decode (corrupt or cut short).
    Corrupt,
}

/// Brotli's input buffer, bytes.
const BROTLI_BUFFER: usize = 4096;

/// The codings of the `Content-Encoding` values, in the order they were applied.
pub(crate) fn codings<'a>(
    values: impl Iterator<Item = &'a HeaderValue>,
) -> Result<Vec<Coding>, Unreadable> {
    let mut out = Vec::new();
    for value in values {
        let text = value.to_str().map_err(|_| Unreadable::UnknownCoding)?;
        for token in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let coding = match token.to_ascii_lowercase().as_str() {
                "gzip" | "x-gzip" => Coding::Gzip,
                "deflate" => Coding::Deflate,
                "br" => Coding::Brotli,
                "identity" => continue,
                _ => return Err(Unreadable::UnknownCoding),
            };
            out.push(coding);
        }
    }
    Ok(out)
}

/// Undoes `codings` (last applied first); the result holds at most `limit` bytes.
pub(crate) fn decode(
    mut body: Vec<u8>,
    codings: &[Coding],
    limit: usize,
) -> Result<Vec<u8>, Unreadable> {
    for coding in codings.iter().rev() {
        // An empty body (a HEAD answer, a 204) has nothing to undo.
        if body.is_empty() {
            break;
        }
        body = decode_one(&body, *coding, limit)?;
    }
    Ok(body)
}

fn decode_one(data: &[u8], coding: Coding, limit: usize) -> Result<Vec<u8>, Unreadable> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut out = Vec::new();
    let read = match coding {
        Coding::Gzip => flate2::read::MultiGzDecoder::new(data)
            .take(cap)
            .read_to_end(&mut out),
        Coding::Deflate if is_zlib(data) => flate2::read::ZlibDecoder::new(data)
            .take(cap)
            .read_to_end(&mut out),
        Coding::Deflate => flate2::read::DeflateDecoder::new(data)
            .take(cap)
            .read_to_end(&mut out),
        Coding::Brotli => brotli_decompressor::Decompressor::new(data, BROTLI_BUFFER)
            .take(cap)
            .read_to_end(&mut out),
    };
    match read {
        Ok(_) if out.len() > limit => Err(Unreadable::TooLarge),
        Ok(_) => Ok(out),
        Err(_) => Err(Unreadable::Corrupt),
    }
}

/// Whether the bytes start with a zlib header (RFC 1950: method 8, check bits).
fn is_zlib(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn raw_deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn brotli(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        w.write_all(data).unwrap();
        drop(w);
        out
    }

    fn values(list: &[&'static str]) -> Vec<HeaderValue> {
        list.iter().map(|v| HeaderValue::from_static(v)).collect()
    }

    #[test]
    fn codings_are_read_in_the_order_applied() {
        let parsed = codings(values(&["deflate, GZIP", "identity", " br "]).iter());
        assert_eq!(
            parsed,
            Ok(vec![Coding::Deflate, Coding::Gzip, Coding::Brotli])
        );
        assert_eq!(
            codings(values(&["gzip, zstd"]).iter()),
            Err(Unreadable::UnknownCoding)
        );
        assert_eq!(codings(values(&[]).iter()), Ok(vec![]));
    }

    #[test]
    fn each_coding_and_a_stack_decode() {
        let text = br#"{"code": 401, "message": "no"}"#.repeat(10);
        for (coded, list) in [
            (gzip(&text), vec![Coding::Gzip]),
            (zlib(&text), vec![Coding::Deflate]),
            (raw_deflate(&text), vec![Coding::Deflate]),
            (brotli(&text), vec![Coding::Brotli]),
            (gzip(&zlib(&text)), vec![Coding::Deflate, Coding::Gzip]),
        ] {
            assert_eq!(decode(coded, &list, 1 << 20).as_deref(), Ok(&text[..]));
        }
    }

    #[test]
    fn a_bomb_stops_at_the_limit_and_garbage_is_corrupt() {
        let member = gzip(&vec![0u8; 1 << 20]);
        let bomb: Vec<u8> = member.repeat(64);
        assert!(bomb.len() * 100 < 64 << 20, "a bomb: {} bytes", bomb.len());
        assert_eq!(
            decode(bomb.clone(), &[Coding::Gzip], 4 << 20),
            Err(Unreadable::TooLarge)
        );
        assert_eq!(
            decode(bomb, &[Coding::Gzip], 64 << 20).map(|b| b.len()),
            Ok(64 << 20)
        );
        assert_eq!(
            decode(b"not gzip".to_vec(), &[Coding::Gzip], 1024),
            Err(Unreadable::Corrupt)
        );
        let cut = gzip(b"{\"a\": 1}");
        assert_eq!(
            decode(cut[..cut.len() - 4].to_vec(), &[Coding::Gzip], 1024),
            Err(Unreadable::Corrupt)
        );
        assert_eq!(decode(Vec::new(), &[Coding::Brotli], 1024), Ok(vec![]));
    }
}
