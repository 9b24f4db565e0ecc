//! Load on a few of the server's routes from outside, as readers' mail programs would make
//! it: keep-alive HTTP/1.1 connections on loopback, each sending its share of GETs one after
//! another, every answer read whole and timed.

use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One keep-alive connection.
struct Client {
    stream: BufReader<TcpStream>,
}

impl Client {
    async fn connect(port: u16) -> Client {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("the server listens");
        stream.set_nodelay(true).expect("no delay");
        Client {
            stream: BufReader::new(stream),
        }
    }

    /// GETs `path` and reads the answer whole; returns its status.
    async fn get(&mut self, path: &str) -> u16 {
        let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n");
        self.stream
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .expect("sent");
        let mut line = String::new();
        self.stream.read_line(&mut line).await.expect("a status");
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("an HTTP status line");
        let mut length = 0;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.expect("a header");
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await.expect("the body");
        status
    }
}

/// The time each request took, by the status it was answered with.
pub struct Timings {
    pub took: Vec<Duration>,
    pub statuses: Vec<u16>,
    pub wall: Duration,
}

/// GETs every path once, over `connections` connections sharing them out.
pub async fn run(port: u16, paths: &[String], connections: usize) -> Timings {
    let started = Instant::now();
    let shares: Vec<Vec<String>> = (0..connections)
        .map(|c| paths.iter().skip(c).step_by(connections).cloned().collect())
        .collect();
    // Spawned all before any is awaited, so the connections load the server at once.
    let tasks: Vec<_> = shares
        .into_iter()
        .map(|share| {
            tokio::spawn(async move {
                let mut client = Client::connect(port).await;
                let mut out = Vec::with_capacity(share.len());
                for path in share {
                    let at = Instant::now();
                    let status = client.get(&path).await;
                    out.push((at.elapsed(), status));
                }
                out
            })
        })
        .collect();
    let mut timings = Timings {
        took: Vec::new(),
        statuses: Vec::new(),
        wall: Duration::ZERO,
    };
    for task in tasks {
        for (took, status) in task.await.expect("a connection's share") {
            timings.took.push(took);
            timings.statuses.push(status);
        }
    }
    timings.wall = started.elapsed();
    timings
}

impl Timings {
    /// `p50 / p95 / p99` in milliseconds, and requests per second.
    pub fn summary(&self) -> String {
        let mut took = self.took.clone();
        took.sort();
        let at = |p: f64| {
            let i = ((took.len() as f64 * p).ceil() as usize).clamp(1, took.len()) - 1;
            took[i].as_secs_f64() * 1000.0
        };
        format!(
            "p50 {:.2} / p95 {:.2} / p99 {:.2} ms, {:.0} req/s",
            at(0.50),
            at(0.95),
            at(0.99),
            took.len() as f64 / self.wall.as_secs_f64()
        )
    }
}
