//! Deflate streams of one byte repeated, written by hand at deflate's best ratio
//! (1032:1): a gigabyte of blanks in a megabyte, made in milliseconds, where a
//! compressor would have to read the gigabyte. Also plain zlib and raw deflate of
//! small data, and a CRC-32.

use std::io::Write;

/// Bits written least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: its most significant bit first.
    fn code(&mut self, code: u64, len: u32) {
        for i in (0..len).rev() {
            self.put((code >> i) & 1, 1);
        }
    }

    fn zeros(&mut self, mut count: u64) {
        let align = u64::from((8 - self.n % 8) % 8).min(count);
        self.put(0, align as u32);
        count -= align;
        if self.n == 0 {
            self.out.resize(self.out.len() + (count / 8) as usize, 0);
            count %= 8;
        }
        while count > 0 {
            let k = count.min(32);
            self.put(0, k as u32);
            count -= k;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// Raw deflate of `n` (at least 1) copies of `byte`: one dynamic block whose
/// codes are: match length 258 (1 bit), the byte (2 bits), end of block (2 bits),
/// distance 1 (1 bit). The body is a literal, then zero bits: two per 258 bytes.
pub fn raw_run(byte: u8, n: u64) -> Vec<u8> {
    assert!(n >= 1);
    let mut w = Bits {
        out: Vec::with_capacity((n / 4096) as usize + 64),
        acc: 0,
        n: 0,
    };
    w.put(1, 1); // BFINAL
    w.put(2, 2); // BTYPE dynamic
    w.put(29, 5); // HLIT: 286 length codes
    w.put(0, 5); // HDIST: 1 distance code
    w.put(14, 4); // HCLEN: 18 code length codes
                  // Code length code lengths, in deflate's order: symbols 0, 1, 2 and 18 get 2 bits.
    const ORDER: [usize; 18] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
    for sym in ORDER {
        w.put(if matches!(sym, 0 | 1 | 2 | 18) { 2 } else { 0 }, 3);
    }
    // Their canonical codes: 0 → 00, 1 → 01, 2 → 10, 18 → 11.
    let zeros = |w: &mut Bits, mut run: usize| {
        while run >= 11 {
            let k = run.min(138);
            w.code(3, 2);
            w.put((k - 11) as u64, 7);
            run -= k;
        }
        for _ in 0..run {
            w.code(0, 2);
        }
    };
    let length = |w: &mut Bits, len: u64| w.code(len, 2);
    let b = usize::from(byte);
    zeros(&mut w, b);
    length(&mut w, 2);
    zeros(&mut w, 256 - b - 1);
    length(&mut w, 2); // 256, end of block
    zeros(&mut w, 285 - 257);
    length(&mut w, 1); // 285, length 258
    length(&mut w, 1); // distance code 0
                       // Codes: 285 → 0, the byte → 10, 256 → 11; distance 0 → 0.
    w.code(0b10, 2);
    let matches = (n - 1) / 258;
    let rest = (n - 1) % 258;
    w.zeros(matches * 2);
    for _ in 0..rest {
        w.code(0b10, 2);
    }
    w.code(0b11, 2);
    w.finish()
}

/// The Adler-32 of `n` copies of `byte`, in closed form.
fn adler_run(byte: u8, n: u64) -> u32 {
    const M: u128 = 65521;
    let (n, c) = (u128::from(n), u128::from(byte));
    let a = (1 + n * c) % M;
    let b = (n + c * (n * (n + 1) / 2)) % M;
    ((b << 16) | a) as u32
}

/// A zlib stream (what `/FlateDecode` holds) of `n` copies of `byte`.
pub fn zlib_run(byte: u8, n: u64) -> Vec<u8> {
    let mut out = vec![0x78, 0x9C];
    out.extend(raw_run(byte, n));
    out.extend(adler_run(byte, n).to_be_bytes());
    out
}

/// The compression level for `data`: the best, but the fastest for large data
/// (the tests run unoptimised, where compressing megabytes takes seconds).
fn level(data: &[u8]) -> flate2::Compression {
    if data.len() > 4 << 20 {
        flate2::Compression::fast()
    } else {
        flate2::Compression::best()
    }
}

/// A zlib stream of `data`.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), level(data));
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Raw deflate of `data` (a zip entry's).
pub fn raw(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), level(data));
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// The CRC-32 of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    crc.sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn runs_inflate_to_what_they_claim() {
        for (byte, n) in [
            (b' ', 1),
            (b' ', 258),
            (b' ', 259),
            (0, 1000),
            (b'[', 70_001),
        ] {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&zlib_run(byte, n)[..])
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out.len() as u64, n);
            assert!(out.iter().all(|&b| b == byte));
        }
    }
}
