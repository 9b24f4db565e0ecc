//! The smallest HTTP client a webhook needs: one POST over HTTP/1.1, plain or TLS, to an
//! address the webhook's rules allow. It connects to the address it checked, not to whatever
//! the name resolves to a moment later.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use app::webhooks::address;
use axum::body::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, HOST, USER_AGENT};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use url::{Position, Url};

/// How much of an answer is read: the log keeps less, and a receiver owes us no more.
const ANSWER: usize = 64 * 1024;

/// Posts `body` as JSON to `url` with `headers`; the receiver's status and the start of its
/// answer, or why there was none.
pub async fn post(
    url: &str,
    allow_private: bool,
    headers: &[(&str, String)],
    body: String,
) -> Result<(u16, String), String> {
    let url = Url::parse(url).map_err(|err| format!("not a URL: {err}"))?;
    let addrs = address::resolve(&url, allow_private)
        .await
        .map_err(|why| why.to_string())?;
    let mut request = Request::post(&url[Position::BeforePath..Position::AfterQuery])
        .header(HOST, &url[Position::BeforeHost..Position::AfterPort])
        .header(CONTENT_TYPE, "application/json")
        .header(
            USER_AGENT,
            concat!("Banyan-Webhooks/", env!("CARGO_PKG_VERSION")),
        );
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let request = request
        .body(Full::new(Bytes::from(body)))
        .map_err(|err| err.to_string())?;
    let tcp = connect(&addrs).await?;
    if url.scheme() == "https" {
        let host = url.host_str().unwrap_or_default().to_owned();
        let name = ServerName::try_from(host).map_err(|err| err.to_string())?;
        let tls = TlsConnector::from(tls())
            .connect(name, tcp)
            .await
            .map_err(|err| format!("TLS: {err}"))?;
        exchange(TokioIo::new(tls), request).await
    } else {
        exchange(TokioIo::new(tcp), request).await
    }
}

/// The first of `addrs` that takes the connection.
async fn connect(addrs: &[SocketAddr]) -> Result<TcpStream, String> {
    let mut last = String::from("no address");
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(tcp) => return Ok(tcp),
            Err(err) => last = format!("could not connect to {addr}: {err}"),
        }
    }
    Err(last)
}

async fn exchange<I>(io: I, request: Request<Full<Bytes>>) -> Result<(u16, String), String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|err| err.to_string())?;
    // The connection is driven beside the request, and dropped with it.
    tokio::spawn(connection);
    let response = sender
        .send_request(request)
        .await
        .map_err(|err| err.to_string())?;
    let status = response.status().as_u16();
    let body = Limited::new(response.into_body(), ANSWER)
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// The TLS settings, made once: the Mozilla roots, so that a container without a CA bundle
/// still checks certificates.
fn tls() -> Arc<ClientConfig> {
    static CONFIG: OnceLock<Arc<ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            Arc::new(
                ClientConfig::builder()
                    .with_root_certificates(roots)
                    .with_no_client_auth(),
            )
        })
        .clone()
}
