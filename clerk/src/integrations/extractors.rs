//! What the extractors (request guards) of every framework give a handler: one set of
//! types, each framework's module implementing its own extractor trait for them.

use crate::auth::authenticate::Auth;
use crate::auth::jwt::SessionClaims;

/// The claims of a signed-in session; 401 otherwise.
#[derive(Clone, Debug)]
pub struct Session(pub SessionClaims);

/// The claims of a signed-in session, if any; never refuses.
#[derive(Clone, Debug)]
pub struct OptionalSession(pub Option<SessionClaims>);

/// Any accepted authentication (session or machine token); 401 otherwise.
#[derive(Clone, Debug)]
pub struct Authenticated(pub Auth);
