use thiserror::Error;

/// Why learning could not start or finish. Messages name the file and what to do next;
/// none carries a recorded value.
#[derive(Debug, Error)]
pub enum LearnError {
    #[error("{0}\nfix the spec (`cargo xtask lint` locates the problems), then run learn again")]
    Spec(String),
    #[error("cannot read the recordings:\n{0}")]
    Recordings(String),
    /// The command was given something it cannot use (an unreadable spec file).
    #[error("{0}")]
    Usage(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}
