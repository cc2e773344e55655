//! Where a JSON object or array ends, found 64 bytes at a time: the HAR framer's fast path.
//!
//! The framer's lenient scanner ([`super::har_framing`]) steps through an entry token by token
//! and stops at every escape of every string; HAR entries are mostly body texts, which are JSON
//! written inside a JSON string, so an escape every few bytes. Here each 64-byte block becomes
//! bit masks (quotes, backslashes, brackets, the bytes a scalar may hold, ...) with SIMD
//! compares (`wide`, safe code), and a block's strings, escapes and brackets are resolved with
//! a few integer operations, in the manner of simdjson's first stage.
//!
//! This is only a shortcut: it answers for a value the lenient scanner would accept, and it
//! answers the same end. Anything else (the value does not end within the bytes given, a
//! bracket closes the wrong kind, a byte the lenient scanner would call unexpected) gives
//! `None`, and the lenient scanner reads the value from its start as before, with its own
//! messages and positions.

use wide::u8x16;

/// Bytes per block: one bit per byte in a `u64`.
const BLOCK: usize = 64;
/// Every odd bit of a block mask.
const ODD_BITS: u64 = 0xAAAA_AAAA_AAAA_AAAA;

/// The length of the object or array that starts at `bytes[0]`, when the lenient scanner would
/// accept it and it ends within `bytes`; `None` otherwise. `stack` is scratch space.
pub(crate) fn container_len(bytes: &[u8], stack: &mut Vec<u8>) -> Option<usize> {
    if !matches!(bytes.first(), Some(b'{' | b'[')) {
        return None;
    }
    stack.clear();
    let mut carry = Carry::default();
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        let mut padded = [b' '; BLOCK];
        let block: &[u8; BLOCK] = if end - start == BLOCK {
            bytes[start..end].try_into().ok()?
        } else {
            // The last, short block, padded with spaces (whitespace: it ends nothing).
            padded[..end - start].copy_from_slice(&bytes[start..end]);
            &padded
        };
        if let Some(at) = carry.block(block, stack)? {
            return Some(start + at + 1);
        }
        start = end;
    }
    None
}

/// One block's bytes as bit masks (bit `i` is byte `i`): what strings and brackets are made of.
struct Masks {
    quote: u64,
    backslash: u64,
    /// `{` and `[`.
    open: u64,
    /// `}` and `]`.
    close: u64,
}

/// The rest of a block's classes, needed only where a block has bytes outside strings other
/// than quotes and brackets (most blocks of a HAR are inside body texts and need none).
struct Classes {
    /// Whitespace, `,` and `:`: bytes the lenient scanner steps over between values.
    between: u64,
    /// Bytes a number or literal is made of: `-+.0-9a-zA-Z`.
    scalar: u64,
    /// Bytes a number or literal may start with: `-0-9tfn`.
    scalar_start: u64,
}

/// For each 16-byte lane of the block, `compare`'s masks, as bits at the lane's place.
fn block_bits<const N: usize>(
    block: &[u8; BLOCK],
    compare: impl Fn(u8x16) -> [u8x16; N],
) -> [u64; N] {
    let mut out = [0u64; N];
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        let mut lanes = [0u8; 16];
        lanes.copy_from_slice(chunk);
        for (bits, mask) in out.iter_mut().zip(compare(u8x16::new(lanes))) {
            *bits |= (mask.move_mask() as u32 as u64 & 0xFFFF) << (16 * k);
        }
    }
    out
}

impl Masks {
    fn of(block: &[u8; BLOCK]) -> Masks {
        let splat = u8x16::splat;
        let [quote, backslash, open, close] = block_bits(block, |v| {
            // `|0x20` folds `[` onto `{` and `]` onto `}`.
            let folded = v | splat(0x20);
            [
                v.cmp_eq(splat(b'"')),
                v.cmp_eq(splat(b'\\')),
                folded.cmp_eq(splat(b'{')),
                folded.cmp_eq(splat(b'}')),
            ]
        });
        Masks {
            quote,
            backslash,
            open,
            close,
        }
    }
}

impl Classes {
    fn of(block: &[u8; BLOCK]) -> Classes {
        let splat = u8x16::splat;
        let [between, scalar, scalar_start] = block_bits(block, |v| {
            // `|0x20` folds upper-case letters onto lower-case.
            let folded = v | splat(0x20);
            let eq = |b: u8| v.cmp_eq(splat(b));
            let within = |x: u8x16, lo: u8, hi: u8| x.max(splat(lo)).min(splat(hi)).cmp_eq(x);
            let digit = within(v, b'0', b'9');
            [
                eq(b' ') | eq(b'\n') | eq(b'\r') | eq(b'\t') | eq(b',') | eq(b':'),
                digit | within(folded, b'a', b'z') | eq(b'-') | eq(b'+') | eq(b'.'),
                digit | eq(b'-') | eq(b't') | eq(b'f') | eq(b'n'),
            ]
        });
        Classes {
            between,
            scalar,
            scalar_start,
        }
    }
}

/// What one block hands the next.
#[derive(Default)]
struct Carry {
    /// The next block's first byte is escaped (this block ended in an odd run of backslashes).
    escaped: u64,
    /// All ones when this block ended inside a string.
    in_string: u64,
    /// This block's last byte was part of a number or literal.
    in_scalar: u64,
}

impl Carry {
    /// Resolves one block: `Some(Some(i))` when the container closes at byte `i`,
    /// `Some(None)` when it is still open, `None` when the lenient scanner must decide.
    fn block(&mut self, block: &[u8; BLOCK], stack: &mut Vec<u8>) -> Option<Option<usize>> {
        let m = Masks::of(block);
        let escaped = self.escaped_bytes(m.backslash);
        let quotes = m.quote & !escaped;
        // Bit i set: byte i is inside a string (its opening quote included, the closing not).
        let in_string = prefix_xor(quotes) ^ self.in_string;
        self.in_string = 0u64.wrapping_sub(in_string >> 63);
        let outside = !in_string;
        // Bytes the lenient scanner would stop at: a backslash outside a string, a number or
        // literal starting with the wrong byte, anything that is none of the known kinds.
        let unexpected = if outside & !(m.quote | m.open | m.close) == 0 {
            self.in_scalar = 0;
            0
        } else {
            let c = Classes::of(block);
            let scalar = c.scalar & outside;
            let scalar_starts = scalar & !((scalar << 1) | self.in_scalar);
            self.in_scalar = scalar >> 63;
            let known = m.quote | m.open | m.close | c.between | c.scalar;
            (outside & !known) | (scalar_starts & !c.scalar_start)
        };
        let mut brackets = (m.open | m.close) & outside;
        while brackets != 0 {
            let at = brackets.trailing_zeros() as usize;
            brackets &= brackets - 1;
            if unexpected & low_bits(at) != 0 {
                return None;
            }
            let byte = block[at];
            match byte {
                b'{' | b'[' => stack.push(byte),
                _ => {
                    let open = if byte == b'}' { b'{' } else { b'[' };
                    if stack.pop() != Some(open) {
                        return None;
                    }
                    if stack.is_empty() {
                        return Some(Some(at));
                    }
                }
            }
        }
        if unexpected != 0 {
            return None;
        }
        Some(None)
    }

    /// The bytes escaped by a backslash: those after an odd run of backslashes (simdjson's
    /// `json_escape_scanner`). Updates the carry into the next block.
    fn escaped_bytes(&mut self, backslash: u64) -> u64 {
        // A backslash that is itself escaped starts nothing.
        let potential = backslash & !self.escaped;
        // Subtracting the runs from the odd bits leaves, after the xor, one bit on each byte an
        // odd run escapes and alternating bits along every run.
        let escape_and_escaped = ((potential << 1) | ODD_BITS).wrapping_sub(potential) ^ ODD_BITS;
        let escaped = escape_and_escaped ^ (backslash | self.escaped);
        let escape = escape_and_escaped & backslash;
        self.escaped = escape >> 63;
        escaped
    }
}

/// Bit i set when an odd number of bits at or below i are set in `x`.
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// Bits `0..=at`.
fn low_bits(at: usize) -> u64 {
    if at >= 63 {
        u64::MAX
    } else {
        (1u64 << (at + 1)) - 1
    }
}

#[cfg(test)]
#[path = "container_end_tests.rs"]
mod tests;
