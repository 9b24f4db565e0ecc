//! A backup sealed with a passphrase: ChaCha20-Poly1305 over chunks of the file, under a key
//! that Argon2id derives from the passphrase and a salt of the file's own.
//!
//! Each chunk's nonce is its number and whether it is the last one (the STREAM construction),
//! so a chunk moved, dropped or cut off fails to open, the same as a changed one.
//!
//! The file: `MAGIC`, the salt, a check of the key (so that a wrong passphrase is told apart
//! from a damaged file), then the sealed chunks.

use std::io::{self, BufRead, Read, Write};

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

use crate::error::{AppError, Invalid};

const MAGIC: &[u8; 16] = b"BANYAN-SEALED-1\n";
const SALT: usize = 16;
const CHECK: usize = 16;
/// Plain bytes in a chunk.
const CHUNK: usize = 64 * 1024;
/// What sealing adds to each chunk.
const TAG: usize = 16;

/// The key of a file, and the check of it that the file keeps.
fn key(passphrase: &str, salt: &[u8; SALT]) -> Result<(ChaCha20Poly1305, [u8; CHECK]), AppError> {
    let mut key = [0u8; 32];
    argon2::Argon2::default()
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(AppError::internal)?;
    let digest = Sha256::new()
        .chain_update(b"banyan backup key check")
        .chain_update(key)
        .finalize();
    let mut check = [0u8; CHECK];
    check.copy_from_slice(&digest[..CHECK]);
    Ok((ChaCha20Poly1305::new(&Key::from(key)), check))
}

fn nonce(counter: u64, last: bool) -> Nonce {
    let mut nonce = [0u8; 12];
    nonce[3..11].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = u8::from(last);
    Nonce::from(nonce)
}

fn damaged() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "a sealed chunk does not open")
}

/// Writes what it is given sealed, chunk by chunk; `finish` seals the last chunk.
pub struct Sealer<W: Write> {
    out: W,
    cipher: ChaCha20Poly1305,
    plain: Vec<u8>,
    counter: u64,
}

impl<W: Write> Sealer<W> {
    pub fn new(mut out: W, passphrase: &str) -> Result<Self, AppError> {
        let mut salt = [0u8; SALT];
        getrandom::fill(&mut salt).map_err(AppError::internal)?;
        let (cipher, check) = key(passphrase, &salt)?;
        for part in [&MAGIC[..], &salt, &check] {
            out.write_all(part).map_err(AppError::internal)?;
        }
        Ok(Sealer {
            out,
            cipher,
            plain: Vec::with_capacity(CHUNK + 1),
            counter: 0,
        })
    }

    fn seal(&mut self, len: usize, last: bool) -> io::Result<()> {
        let sealed = self
            .cipher
            .encrypt(&nonce(self.counter, last), &self.plain[..len])
            .map_err(|_| io::Error::other("sealing failed"))?;
        self.out.write_all(&sealed)?;
        self.plain.drain(..len);
        self.counter += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.seal(self.plain.len(), true)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Write for Sealer<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.plain.extend_from_slice(bytes);
        // A full chunk waits until more comes: only `finish` knows which chunk is the last.
        while self.plain.len() > CHUNK {
            self.seal(CHUNK, false)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Whether a file is sealed: its first bytes, peeked at without taking them.
pub fn is_sealed(input: &mut impl BufRead) -> io::Result<bool> {
    Ok(input.fill_buf()?.starts_with(MAGIC))
}

/// Reads a sealed file open, refusing a wrong passphrase before anything else is read.
pub struct Opener<R: Read> {
    input: R,
    cipher: ChaCha20Poly1305,
    counter: u64,
    plain: Vec<u8>,
    at: usize,
    /// The first byte of the next chunk, read to learn that this one was not the last.
    next: Option<u8>,
    done: bool,
}

impl<R: Read> Opener<R> {
    pub fn new(mut input: R, passphrase: &str) -> Result<Self, AppError> {
        let mut head = [0u8; MAGIC.len() + SALT + CHECK];
        input
            .read_exact(&mut head)
            .map_err(|_| AppError::invalid("file", Invalid::BackupDamaged))?;
        let salt: [u8; SALT] = head[MAGIC.len()..MAGIC.len() + SALT]
            .try_into()
            .expect("the salt's length");
        let (cipher, check) = key(passphrase, &salt)?;
        if head[MAGIC.len() + SALT..] != check {
            return Err(AppError::invalid("passphrase", Invalid::Passphrase));
        }
        Ok(Opener {
            input,
            cipher,
            counter: 0,
            plain: Vec::new(),
            at: 0,
            next: None,
            done: false,
        })
    }

    /// Reads and opens the next chunk.
    fn open_next(&mut self) -> io::Result<()> {
        let mut sealed = Vec::with_capacity(CHUNK + TAG);
        sealed.extend(self.next.take());
        (&mut self.input)
            .take((CHUNK + TAG - sealed.len()) as u64)
            .read_to_end(&mut sealed)?;
        let mut one = [0u8; 1];
        let last = self.input.read(&mut one)? == 0;
        if !last {
            self.next = Some(one[0]);
        }
        self.plain = self
            .cipher
            .decrypt(&nonce(self.counter, last), sealed.as_slice())
            .map_err(|_| damaged())?;
        self.at = 0;
        self.counter += 1;
        self.done = last;
        Ok(())
    }
}

impl<R: Read> Read for Opener<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.plain.len() {
            if self.done {
                return Ok(0);
            }
            self.open_next()?;
        }
        let n = buf.len().min(self.plain.len() - self.at);
        buf[..n].copy_from_slice(&self.plain[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(plain: &[u8], passphrase: &str) -> Vec<u8> {
        let mut sealer = Sealer::new(Vec::new(), passphrase).unwrap();
        // In uneven pieces, as a gzip stream writes.
        for piece in plain.chunks(7_001) {
            sealer.write_all(piece).unwrap();
        }
        sealer.finish().unwrap()
    }

    fn opened(file: &[u8], passphrase: &str) -> Result<io::Result<Vec<u8>>, AppError> {
        let mut opener = Opener::new(file, passphrase)?;
        let mut plain = Vec::new();
        Ok(opener.read_to_end(&mut plain).map(|_| plain))
    }

    #[test]
    fn what_is_sealed_opens_with_its_passphrase_only() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let file = sealed(&plain, "榕树 banyan");
            assert!(is_sealed(&mut &file[..]).unwrap());
            assert_eq!(
                opened(&file, "榕树 banyan").unwrap().unwrap(),
                plain,
                "{len}"
            );
            assert_eq!(
                opened(&file, "banyan").err(),
                Some(AppError::invalid("passphrase", Invalid::Passphrase))
            );
        }
    }

    #[test]
    fn a_changed_cut_or_lengthened_file_does_not_open() {
        let plain: Vec<u8> = (0..3 * CHUNK).map(|i| (i % 13) as u8).collect();
        let file = sealed(&plain, "secret");
        let mut changed = file.clone();
        changed[file.len() / 2] ^= 1;
        // Cut inside a chunk, and cut exactly after a whole chunk.
        let head = MAGIC.len() + SALT + CHECK;
        let cuts = [file.len() - 10, head + CHUNK + TAG];
        let mut longer = file.clone();
        longer.extend_from_slice(&file[head..head + CHUNK + TAG]);
        for bad in [
            changed,
            file[..cuts[0]].to_vec(),
            file[..cuts[1]].to_vec(),
            longer,
        ] {
            let read = opened(&bad, "secret").unwrap();
            assert_eq!(read.map_err(|e| e.kind()), Err(io::ErrorKind::InvalidData));
        }
        assert!(!is_sealed(&mut &b"\x1f\x8b plain gzip"[..]).unwrap());
    }
}
