//! The three macros every resource module uses, so that each module only states what
//! differs: its operations, their parameters, and how they map onto `clerk-raw`.

/// Declares a resource module's `Client` (built from a [`ClientConfig`](crate::ClientConfig)).
macro_rules! resource_client {
    () => {
        /// Calls this module's operations with an explicit [`ClientConfig`](crate::ClientConfig);
        /// the package-level functions of the module do the same with the process-wide one.
        #[derive(Clone, Debug)]
        pub struct Client {
            api: crate::http::resource::Api,
        }

        impl Client {
            /// A client using `config`.
            pub fn new(config: &crate::ClientConfig) -> Self {
                Client {
                    api: crate::http::resource::Api::new(config),
                }
            }

            #[allow(dead_code)]
            fn global() -> crate::Result<Self> {
                Ok(Client {
                    api: crate::http::resource::Api::global()?,
                })
            }
        }
    };
}

/// Declares operations once and emits them twice: as `Client` methods and as
/// package-level functions on the process-wide config (Go's "usage without a client").
///
/// Each operation carries `#[doc(alias = "OperationId")]`: rustdoc search finds it by the
/// spec's name, and `cargo xtask coverage` reads it to map the spec onto the facade.
macro_rules! operations {
    ($(
        $(#[$attr:meta])*
        pub async fn $name:ident(&$self_:ident $(, $arg:ident : $ty:ty)* $(,)?) -> $ret:ty $body:block
    )*) => {
        impl Client {
            $(
                $(#[$attr])*
                pub async fn $name(&$self_ $(, $arg: $ty)*) -> $ret $body
            )*
        }

        $(
            $(#[$attr])*
            ///
            /// Uses the process-wide config ([`crate::set_key`]); see also [`Client`].
            pub async fn $name($($arg: $ty),*) -> $ret {
                Client::global()?.$name($($arg),*).await
            }
        )*
    };
}

/// Declares paginating functions once and emits them twice, like [`operations!`]: as
/// `Client` methods returning a [`Paginator`](crate::Paginator), and as package-level
/// functions whose paginator yields the config error when there is no process-wide key.
macro_rules! paginators {
    ($(
        $(#[$attr:meta])*
        pub fn $name:ident(&$self_:ident $(, $arg:ident : $ty:ty)* $(,)?) -> Paginator<$item:ty> $body:block
    )*) => {
        impl Client {
            $(
                $(#[$attr])*
                pub fn $name(&$self_ $(, $arg: $ty)*) -> crate::http::list::Paginator<$item> $body
            )*
        }

        $(
            $(#[$attr])*
            ///
            /// Uses the process-wide config ([`crate::set_key`]); see also [`Client`].
            pub fn $name($($arg: $ty),*) -> crate::http::list::Paginator<$item> {
                match Client::global() {
                    Ok(client) => client.$name($($arg),*),
                    Err(e) => crate::http::list::Paginator::failed(e),
                }
            }
        )*
    };
}

/// Declares a parameter struct: public `Option` fields, `Default`, so that
/// `CreateParams { name: clerk::string("x"), ..Default::default() }` reads like Go.
macro_rules! params {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$fattr:meta])*
                $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $(
                $(#[$fattr])*
                pub $field: Option<$ty>,
            )*
        }
    };
}

/// Copies the set fields of a params struct onto a generated builder (query parameters,
/// or a body builder). `field => convert` passes the value through `convert(&value)?`.
/// Every field name is checked at compile time against both sides.
macro_rules! set {
    ($builder:expr, $params:expr; $($field:ident $(=> $convert:expr)?),* $(,)?) => {{
        let b = $builder;
        $(
            let b = match &$params.$field {
                Some(value) => b.$field(set!(@convert value $(, $convert)?)),
                None => b,
            };
        )*
        b
    }};
    (@convert $value:ident) => { $value.clone() };
    (@convert $value:ident, $convert:expr) => { ($convert)($value)? };
}

/// Makes a list-params struct pageable by [`crate::http::list::paginate`].
macro_rules! paged {
    ($($name:ty),* $(,)?) => {$(
        impl crate::http::list::Paged for $name {
            fn limit(&self) -> Option<i64> {
                self.limit
            }
            fn offset(&self) -> Option<i64> {
                self.offset
            }
            fn set_page(&mut self, limit: i64, offset: i64) {
                self.limit = Some(limit);
                self.offset = Some(offset);
            }
        }
    )*};
}

pub(crate) use {operations, paged, paginators, params, resource_client, set};
