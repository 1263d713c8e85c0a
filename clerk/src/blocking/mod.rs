//! The Backend API for code without an async runtime (feature `blocking`), as
//! `reqwest::blocking` does it: the same modules, functions, params and types as the
//! async facade, each call run to completion on a runtime the SDK owns.
//!
//! ```no_run
//! fn main() -> clerk::Result<()> {
//!     clerk::set_key("sk_test_...");
//!     let user = clerk::blocking::user::get("user_123")?;
//!     for org in clerk::blocking::organization::list_all(&Default::default()) {
//!         println!("{} is in {}", user.id, org?.name);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! Calling a blocking function from inside an async runtime would block one of its
//! threads (and, on a single-threaded runtime, deadlock): it fails with
//! [`crate::Error::Config`] instead. Use the async functions there.

mod generated;

// The blocking twin of every resource module, hand-written operations included.
pub use generated::*;

use std::future::Future;
use std::sync::OnceLock;

use futures_util::StreamExt;

use crate::http::error::{Error, Result};
use crate::http::list::Paginator;

/// The SDK's runtime: one worker thread drives the connections; each blocking call runs
/// its future on the calling thread.
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> =
        OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("clerk-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("cannot start the blocking runtime: {e}")))
}

/// Runs `call` to completion, unless the caller is itself inside an async runtime.
pub(crate) fn run<T>(call: impl Future<Output = Result<T>>) -> Result<T> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Config(
            "a clerk::blocking function was called inside an async runtime, where it would block (or deadlock) the runtime: call the async function of the same name instead".into(),
        ));
    }
    runtime()?.block_on(call)
}

/// The items of a list, fetched a page at a time as the iterator advances: the blocking
/// twin of [`Paginator`]. Each item is a `Result`; the walk ends after an error.
#[derive(Debug)]
pub struct Iter<T> {
    pages: Paginator<T>,
    finished: bool,
}

impl<T> Iter<T> {
    pub(crate) fn new(pages: Paginator<T>) -> Self {
        Iter {
            pages,
            finished: false,
        }
    }
}

impl<T: serde::Serialize> Iterator for Iter<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.finished {
            return None;
        }
        let item = match run(async { Ok(self.pages.next().await) }) {
            Ok(item) => item,
            // Inside an async runtime: one error, then the end.
            Err(e) => Some(Err(e)),
        };
        self.finished = matches!(item, None | Some(Err(_)));
        item
    }
}
