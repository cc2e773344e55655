//! The one error type of the generator. Every message says what to do next.

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec cannot be generated from as it is (a copy rule's problem, or progenitor
    /// rejects or panics on it); the message locates each problem in the spec.
    #[error("{0}")]
    Spec(String),
    /// progenitor's output no longer has the shape a rewrite or a check of this crate expects.
    #[error("{problem}; progenitor's output changed: update {module}")]
    OutputShape {
        problem: String,
        /// The file of this crate to update.
        module: &'static str,
    },
    /// The workspace's files cannot be read (while comparing them with the outputs).
    #[error("cannot read {path}: {source}; check its permissions")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// A bug of this crate (two producers of one file, output that does not parse).
    #[error("internal error of the generator: {0}")]
    Internal(String),
}

pub(crate) fn shape(problem: impl Into<String>, module: &'static str) -> Error {
    Error::OutputShape {
        problem: problem.into(),
        module,
    }
}
