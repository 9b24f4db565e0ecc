//! Where a webhook may post. A URL an owner types could name the server's own network (its
//! database port, a cloud's metadata address), and Banyan would call it from inside: so an
//! address that is loopback, private, link-local or otherwise not on the internet is refused
//! unless the owner allows it for that subscription. The check runs again at each delivery on
//! the addresses the name resolves to then, and the sender connects to the address checked,
//! so a name that changes its answer cannot slip past it.

use std::net::{IpAddr, SocketAddr};

use url::Url;

use crate::error::Invalid;

/// Longer URLs are not addresses people mean.
pub const MAX_LEN: usize = 2000;

/// A URL Banyan can post to: `http` or `https`, a host, no user name or password in it (the
/// signature proves who sends, and a password would sit in the clear on the settings page).
pub fn parse(text: &str) -> Result<Url, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    if text.len() > MAX_LEN {
        return Err(Invalid::TooLong { max: MAX_LEN });
    }
    let url = Url::parse(text).map_err(|_| Invalid::Url)?;
    let web = matches!(url.scheme(), "http" | "https");
    if !web || url.host_str().is_none_or(str::is_empty) || !url.username().is_empty() {
        return Err(Invalid::Url);
    }
    if url.password().is_some() {
        return Err(Invalid::Url);
    }
    Ok(url)
}

/// Whether `ip` is one a server reaches only from inside its own network.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                // Carrier-grade NAT, 100.64.0.0/10.
                || (a == 100 && (64..128).contains(&b))
                // "This network", 0.0.0.0/8.
                || a == 0
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_private(IpAddr::V4(v4)),
            None => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || v6.is_unique_local()
                    || v6.is_unicast_link_local()
            }
        },
    }
}

/// Why a URL's host cannot be posted to now.
#[derive(Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// The name did not resolve (yet, or any more).
    Unknown(String),
    /// It resolves inside the server's network, and the subscription does not allow that.
    Private(IpAddr),
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreachable::Unknown(why) => write!(f, "could not resolve the host: {why}"),
            Unreachable::Private(ip) => write!(
                f,
                "refused: {ip} is inside the server's own network, which this webhook does not allow"
            ),
        }
    }
}

/// The addresses `url`'s host stands for, all of them allowed. One private address among
/// several refuses the lot: which one a connection would take is not ours to choose.
pub async fn resolve(url: &Url, allow_private: bool) -> Result<Vec<SocketAddr>, Unreachable> {
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(url::Host::Domain(name)) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|err| Unreachable::Unknown(err.to_string()))?
            .collect(),
        None => Vec::new(),
    };
    if addrs.is_empty() {
        return Err(Unreachable::Unknown("no address".into()));
    }
    if !allow_private && let Some(private) = addrs.iter().find(|a| is_private(a.ip())) {
        return Err(Unreachable::Private(private.ip()));
    }
    Ok(addrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_without_credentials_are_taken() {
        assert!(parse("https://erp.example.com/hooks/banyan?x=1").is_ok());
        assert!(parse("http://203.0.113.9:8080/in").is_ok());
        assert_eq!(parse("  "), Err(Invalid::Required));
        assert_eq!(parse("erp.example.com/hook"), Err(Invalid::Url));
        assert_eq!(parse("ftp://erp.example.com/"), Err(Invalid::Url));
        assert_eq!(parse("file:///etc/passwd"), Err(Invalid::Url));
        assert_eq!(
            parse("https://admin:pw@erp.example.com/"),
            Err(Invalid::Url)
        );
        let long = format!("https://example.com/{}", "a".repeat(MAX_LEN));
        assert_eq!(parse(&long), Err(Invalid::TooLong { max: MAX_LEN }));
    }

    #[test]
    fn addresses_inside_a_network_are_private() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.20",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(inside.parse().unwrap()), "{inside}");
        }
        for outside in ["8.8.8.8", "100.128.0.1", "172.32.0.1", "2606:4700::1111"] {
            assert!(!is_private(outside.parse().unwrap()), "{outside}");
        }
    }

    #[tokio::test]
    async fn a_private_address_is_refused_unless_allowed() {
        let url = parse("http://127.0.0.1:9/hook").unwrap();
        let loopback = "127.0.0.1".parse().unwrap();
        assert_eq!(
            resolve(&url, false).await,
            Err(Unreachable::Private(loopback))
        );
        let allowed = resolve(&url, true).await.unwrap();
        assert_eq!(allowed, vec![SocketAddr::new(loopback, 9)]);
        // A name is checked on what it resolves to.
        let named = parse("http://localhost:9/hook").unwrap();
        assert!(matches!(
            resolve(&named, false).await,
            Err(Unreachable::Private(_))
        ));
    }
}
