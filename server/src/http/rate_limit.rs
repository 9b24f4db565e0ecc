//! How often a key (a web form and an address, an API token) may be used: at most `most` times
//! in any `window`, counted in memory. A restart forgets the counts, which gives an abuser one
//! more window at most. Each server counts on its own.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimit {
    most: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimit {
    pub fn new(most: usize, window: Duration) -> Self {
        RateLimit {
            most,
            window,
            hits: Mutex::default(),
        }
    }

    /// Counts a use of `key`, or says how long to wait when there were too many.
    pub fn allow(&self, key: String, now: Instant) -> Result<(), Duration> {
        let mut hits = self
            .hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Forget keys that went quiet, so the map cannot grow without end.
        if hits.len() > 10_000 {
            hits.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
        }
        let times = hits.entry(key).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        match times.front() {
            Some(oldest) if times.len() >= self.most => {
                Err(self.window - now.duration_since(*oldest))
            }
            _ => {
                times.push_back(now);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_so_many_uses_per_window() {
        let window = Duration::from_secs(600);
        let limit = RateLimit::new(10, window);
        let start = Instant::now();
        for _ in 0..10 {
            assert!(limit.allow("form 1.2.3.4".into(), start).is_ok());
        }
        let later = start + Duration::from_secs(60);
        assert_eq!(
            limit.allow("form 1.2.3.4".into(), later),
            Err(Duration::from_secs(540)),
            "the wait until the oldest use leaves the window"
        );
        assert!(
            limit.allow("form 5.6.7.8".into(), later).is_ok(),
            "another key"
        );
        assert!(
            limit.allow("form 1.2.3.4".into(), start + window).is_ok(),
            "a window later"
        );
    }
}
