//! Reading one config section with serde: the section's struct derives `Deserialize`, its
//! fields use the helpers here so that values are accepted exactly as mkdocs.yml users write
//! them, and a wrong value is reported with the key it was found under. Keys the struct does
//! not know are handed back, so the section can say they are ignored.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_yaml::{Mapping, Value};

/// A value of the wrong type: the key it was found under and what it must be.
#[derive(Debug)]
pub struct FieldError {
    pub key: String,
    /// What the value must be ("true or false", "a string", ...).
    pub want: String,
}

/// The section `map` read into `T`. Keys that are not strings are skipped (they name no
/// option); `ignored` gets each string key `T` has no field for, in file order.
pub fn read<T: DeserializeOwned>(
    map: &Mapping,
    mut ignored: impl FnMut(&str),
) -> Result<T, FieldError> {
    let value = Value::Mapping(
        map.iter()
            .filter(|(k, _)| k.is_string())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    );
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(&value, &mut track);
    let result = serde_ignored::deserialize(de, |path| {
        if let serde_ignored::Path::Map { parent, key } = path {
            if matches!(parent, serde_ignored::Path::Root) {
                ignored(&key);
            }
        }
    });
    result.map_err(|e| {
        let path = track.path();
        let key = path
            .iter()
            .find_map(|s| match s {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .unwrap_or_default();
        FieldError {
            key,
            want: e.to_string(),
        }
    })
}

/// A string; a number or boolean is taken as its text; null is "not set". Anything else
/// must be a string.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(D::Error::custom("a string")),
    }
}

/// A string, or a number taken as its text.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(D::Error::custom("a string")),
    }
}

/// `true` or `false`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Value::deserialize(d)?
        .as_bool()
        .ok_or_else(|| D::Error::custom("true or false"))
}

/// `true` or `false`; null is "not set".
pub fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        _ => Err(D::Error::custom("true or false")),
    }
}

/// A whole number (0 or more).
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    Value::deserialize(d)?
        .as_u64()
        .map(|n| n as usize)
        .ok_or_else(|| D::Error::custom("a whole number"))
}

/// Any value, kept as written (for options read leniently: a value of another type is
/// treated as not set).
pub fn any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// A string; any other value is treated as not set (the option is read leniently).
pub fn lenient_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// `true` or `false`; any other value is treated as not set.
pub fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(Value::deserialize(d)?.as_bool())
}

/// A whole number; any other value is treated as not set.
pub fn lenient_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    Ok(Value::deserialize(d)?.as_u64().map(|n| n as usize))
}

/// A string, or a number taken as its text; any other value is treated as not set.
pub fn opt_text_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}
