//! Checks made before sending, from the limits the spec states.

use super::error::Error;

fn invalid<E>(parameter: &'static str, reason: String) -> Error<E> {
    Error::Invalid { parameter, reason }
}

/// `minimum`/`maximum` (and their exclusive forms).
pub fn check_range<E>(
    parameter: &'static str,
    value: f64,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
) -> Result<(), Error<E>> {
    if let Some(min) = minimum.filter(|min| value < *min || (exclusive_minimum && value == *min)) {
        let op = if exclusive_minimum { ">" } else { ">=" };
        return Err(invalid(parameter, format!("{value} is not {op} {min}")));
    }
    if let Some(max) = maximum.filter(|max| value > *max || (exclusive_maximum && value == *max)) {
        let op = if exclusive_maximum { "<" } else { "<=" };
        return Err(invalid(parameter, format!("{value} is not {op} {max}")));
    }
    Ok(())
}

/// `minLength`/`maxLength`, counted in characters; `minItems`/`maxItems`.
pub fn check_length<E>(parameter: &'static str, length: usize, minimum: Option<usize>, maximum: Option<usize>) -> Result<(), Error<E>> {
    if minimum.is_some_and(|min| length < min) || maximum.is_some_and(|max| length > max) {
        let bounds = match (minimum, maximum) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        return Err(invalid(parameter, format!("length {length} is not {bounds}")));
    }
    Ok(())
}

/// `pattern` (a pattern this runtime cannot read is not held against the caller).
pub fn check_pattern<E>(parameter: &'static str, value: &str, pattern: &str) -> Result<(), Error<E>> {
    match regex_lite::Regex::new(pattern) {
        Ok(re) if !re.is_match(value) => Err(invalid(parameter, format!("`{value}` does not match `{pattern}`"))),
        _ => Ok(()),
    }
}
