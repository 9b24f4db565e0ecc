//! Slows down password guessing: too many failed sign-ins for one account, or from one
//! address, and further attempts are refused for a while.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(15 * 60);
const PER_ACCOUNT: usize = 5;
const PER_ADDRESS: usize = 20;

/// Failed sign-ins in the last window, per account and per address. Kept in memory: a restart
/// forgets them, which costs an attacker a window at most.
#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// `Err(wait)` when the account or the address must wait before trying again.
    pub fn check(
        &self,
        account: &str,
        address: Option<&str>,
        now: Instant,
    ) -> Result<(), Duration> {
        let mut failures = self.lock();
        let mut wait = Duration::ZERO;
        for (key, limit) in keys(account, address) {
            let Some(times) = failures.get_mut(&key) else {
                continue;
            };
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= WINDOW)
            {
                times.pop_front();
            }
            if times.len() >= limit
                && let Some(oldest) = times.front()
            {
                wait = wait.max(WINDOW - now.duration_since(*oldest));
            }
        }
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    pub fn failed(&self, account: &str, address: Option<&str>, now: Instant) {
        let mut failures = self.lock();
        for (key, limit) in keys(account, address) {
            let times = failures.entry(key).or_default();
            times.push_back(now);
            while times.len() > limit {
                times.pop_front();
            }
        }
    }

    /// A successful sign-in clears the account's count (not the address's).
    pub fn succeeded(&self, account: &str) {
        self.lock().remove(&account_key(account));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        // A panic while holding the lock leaves the counts usable: recover them.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn account_key(account: &str) -> String {
    format!("account:{}", account.trim().to_lowercase())
}

fn keys(account: &str, address: Option<&str>) -> Vec<(String, usize)> {
    let mut keys = vec![(account_key(account), PER_ACCOUNT)];
    if let Some(address) = address {
        keys.push((format!("address:{address}"), PER_ADDRESS));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_waits_after_five_failures_until_the_window_passes() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for i in 0..PER_ACCOUNT {
            assert!(
                throttle.check("Li.Na@example.cn", None, start).is_ok(),
                "attempt {i}"
            );
            throttle.failed("li.na@example.cn", None, start);
        }
        let wait = throttle.check("li.na@example.cn", None, start + Duration::from_secs(60));
        assert_eq!(wait, Err(WINDOW - Duration::from_secs(60)));
        assert!(
            throttle.check("wang.fang@example.cn", None, start).is_ok(),
            "others unaffected"
        );
        assert!(
            throttle
                .check("li.na@example.cn", None, start + WINDOW)
                .is_ok()
        );
    }

    #[test]
    fn an_address_waits_after_twenty_failures_on_any_accounts() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..PER_ADDRESS {
            throttle.failed(&format!("user{i}@example.cn"), Some("203.0.113.9"), now);
        }
        assert!(
            throttle
                .check("new@example.cn", Some("203.0.113.9"), now)
                .is_err()
        );
        assert!(
            throttle
                .check("new@example.cn", Some("198.51.100.1"), now)
                .is_ok()
        );
    }

    #[test]
    fn success_clears_the_account() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..PER_ACCOUNT {
            throttle.failed("li.na@example.cn", None, now);
        }
        throttle.succeeded("li.na@example.cn");
        assert!(throttle.check("li.na@example.cn", None, now).is_ok());
    }
}
