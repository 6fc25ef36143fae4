//! Errors are values with context: the file, a JSON pointer into the spec and,
//! where the parser knows it, the line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a spec, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// JSON pointer into the document (`#/paths/~1pets/get`), when known.
    pub pointer: Option<String>,
    /// 1-based line and column, when the parser reported them.
    pub line_col: Option<(usize, usize)>,
    pub message: String,
    /// A suggestion that may help ("did you mean ...").
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            pointer: None,
            line_col: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn line_col(mut self, line: usize, column: usize) -> Self {
        self.line_col = Some((line, column));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.line_col {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": ")?;
        if let Some(pointer) = &self.pointer {
            write!(f, "at {pointer}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Everything that can stop a generation run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is unreadable or cannot be understood.
    #[error("{0}")]
    Spec(#[from] Diagnostic),
    /// The manifest or the options are wrong.
    #[error("{0}")]
    Config(String),
    /// Writing the output failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
