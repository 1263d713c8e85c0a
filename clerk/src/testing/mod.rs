//! Test support (feature `testing`): session tokens signed with a throwaway key, a
//! controllable clock, and [`FakeClerk`], an in-process fake of the Backend API.

mod fake;
mod tokens;

pub use fake::{FAKE_SECRET_KEY, FakeClerk, FakeClerkBuilder, FakeWebhook, Fault, ReceivedRequest};
pub use tokens::{TEST_ISSUER, TestClock, TokenBuilder, TokenIssuer};
