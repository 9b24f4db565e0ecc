//! How long the browser takes to compute what a page shows, which the page tells.

/// `f`'s answer and the milliseconds it took, in the browser; on the server, no time.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Option<f64>) {
    let started = clock();
    let answer = f();
    (answer, started.zip(clock()).map(|(a, b)| b - a))
}

fn clock() -> Option<f64> {
    #[cfg(feature = "hydrate")]
    return Some(js_sys::Date::now());
    #[cfg(not(feature = "hydrate"))]
    None
}
