//! Whose request it is. Behind a reverse proxy every request comes from the proxy's address,
//! so one visitor's failed sign-ins would lock everyone out; the proxy names the visitor in
//! `X-Forwarded-For`. Anyone can write that header, so it is read only from the proxies the
//! operator names (`BANYAN_TRUSTED_PROXIES`), and only as far back as they go.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// The addresses and ranges of the operator's own proxies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Reads `10.0.0.5, 172.16.0.0/12, ::1`: addresses, and ranges as an address and the
    /// length of its prefix.
    pub fn parse(list: &str) -> Result<Self, String> {
        let range = |item: &str| -> Option<(IpAddr, u8)> {
            let (addr, bits) = item.split_once('/').unwrap_or((item, ""));
            let addr: IpAddr = addr.parse().ok()?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = if bits.is_empty() {
                max
            } else {
                bits.parse().ok()?
            };
            (bits <= max).then_some((addr, bits))
        };
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                range(item).ok_or_else(|| {
                    format!("BANYAN_TRUSTED_PROXIES: {item} is not an address like 10.0.0.5 or a range like 10.0.0.0/8")
                })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|&(range, bits)| match (range, ip) {
            (IpAddr::V4(range), IpAddr::V4(ip)) => {
                prefix(u128::from(range.to_bits()), 32, bits)
                    == prefix(u128::from(ip.to_bits()), 32, bits)
            }
            (IpAddr::V6(range), IpAddr::V6(ip)) => {
                prefix(range.to_bits(), 128, bits) == prefix(ip.to_bits(), 128, bits)
            }
            _ => false,
        })
    }

    /// The visitor behind `peer`: the nearest address in `X-Forwarded-For` that is not one of
    /// the proxies, when `peer` is one; else `peer` itself.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        // Each proxy appends the address it was reached from: read from the nearest back.
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .flat_map(|value| value.to_str().unwrap_or_default().split(','))
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Ok(hop) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        client
    }
}

/// The first `bits` of an address `width` bits long.
fn prefix(addr: u128, width: u32, bits: u8) -> u128 {
    match u32::from(bits) {
        0 => 0,
        bits => addr >> (width - bits.min(width)),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        let headers = forwarded(&["198.51.100.7"]);
        assert_eq!(none.client(ip("10.0.0.5"), &headers), ip("10.0.0.5"));
    }

    #[test]
    fn a_trusted_proxy_names_the_visitor() {
        let proxies = TrustedProxies::parse("10.0.0.5").unwrap();
        let headers = forwarded(&["198.51.100.7"]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &headers), ip("198.51.100.7"));
        // Anyone else's header is theirs to write, so it is not read.
        assert_eq!(
            proxies.client(ip("203.0.113.9"), &headers),
            ip("203.0.113.9")
        );
        // A proxy that sent no header stands for the visitor.
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &HeaderMap::new()),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn a_forged_address_before_the_proxies_is_not_believed() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        // The visitor wrote 1.2.3.4 themselves; the first proxy appended their real address.
        let headers = forwarded(&["1.2.3.4, 198.51.100.7", "10.1.2.3"]);
        assert_eq!(
            proxies.client(ip("192.168.1.1"), &headers),
            ip("198.51.100.7")
        );
        // Garbage stops the walk at the last address a proxy vouched for.
        let headers = forwarded(&["198.51.100.7, not-an-address, 10.1.2.3"]);
        assert_eq!(proxies.client(ip("10.0.0.9"), &headers), ip("10.1.2.3"));
    }

    #[test]
    fn ranges_of_both_families_and_mapped_addresses() {
        let proxies = TrustedProxies::parse("172.16.0.0/12, fd00::/8").unwrap();
        let headers = forwarded(&["2001:db8::1"]);
        assert_eq!(
            proxies.client(ip("172.31.255.1"), &headers),
            ip("2001:db8::1")
        );
        assert_eq!(proxies.client(ip("172.32.0.1"), &headers), ip("172.32.0.1"));
        assert_eq!(proxies.client(ip("fd12::1"), &headers), ip("2001:db8::1"));
        assert_eq!(
            proxies.client(ip("::ffff:172.16.0.1"), &headers),
            ip("2001:db8::1")
        );
        assert_eq!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .client(ip("8.8.8.8"), &headers),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn a_mistyped_list_is_refused_in_words() {
        assert_eq!(
            TrustedProxies::parse(" ").unwrap(),
            TrustedProxies::default()
        );
        for wrong in ["10.0.0", "10.0.0.0/33", "::/129", "proxy.local"] {
            let err = TrustedProxies::parse(wrong).unwrap_err();
            assert!(err.contains(wrong), "{err}");
        }
    }
}
