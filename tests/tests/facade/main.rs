//! The facade over httpmock: requests as the API expects them, responses and errors as
//! users get them. One binary (linking the generated client once), one module per area.

mod support;

mod errors;
mod retries;
mod user;
