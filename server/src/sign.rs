//! URL signing for result images, in the manner of a CDN's pre-signed links.
//!
//! The signature covers the path and the expiry, so neither can be changed without the
//! secret. The demo derives its secret from the seed: the links protect nothing of value,
//! and a seed-derived secret keeps the history byte-identical for a seed.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    pub fn new(key: &[u8]) -> Self {
        Signer { key: key.to_vec() }
    }

    pub fn from_seed(seed: u64) -> Self {
        let mut key = b"jobs-gallery-demo-media-".to_vec();
        key.extend_from_slice(&seed.to_be_bytes());
        Signer { key }
    }

    fn mac(&self, path: &str, expires: i64) -> HmacSha256 {
        // Any key length is valid for HMAC, so this cannot fail.
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC accepts any key length");
        mac.update(path.as_bytes());
        mac.update(b"\n");
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// Hex signature for `path` (e.g. `/media/<job>/image.png`) valid until `expires`.
    pub fn sign(&self, path: &str, expires: i64) -> String {
        crate::util::hex(&self.mac(path, expires).finalize().into_bytes())
    }

    /// Constant-time check of a hex signature.
    pub fn verify(&self, path: &str, expires: i64, sig_hex: &str) -> bool {
        let Some(sig) = decode_hex(sig_hex) else {
            return false;
        };
        self.mac(path, expires).verify_slice(&sig).is_ok()
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let s = Signer::from_seed(42);
        let sig = s.sign("/media/x/image.png", 100);
        assert!(s.verify("/media/x/image.png", 100, &sig));
        assert!(!s.verify("/media/x/image.png", 101, &sig));
        assert!(!s.verify("/media/y/image.png", 100, &sig));
        assert!(!s.verify("/media/x/image.png", 100, "zz"));
        assert!(!Signer::from_seed(43).verify("/media/x/image.png", 100, &sig));
    }
}
