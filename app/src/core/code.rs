//! Values stored as a short text code: a contact's lifecycle stage is `"lead"` in the
//! database, in forms and on the wire, and `Lifecycle::Lead` in the code.

/// A closed set of values, each stored as its code.
pub trait TextCode: Sized + Copy + 'static {
    const ALL: &'static [Self];

    /// The code stored in the database and sent in forms.
    fn as_str(self) -> &'static str;

    /// The value a code names, if any.
    fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|value| value.as_str() == code)
    }
}

/// Implements [`TextCode`] for an enum from its variants and their codes, so the list of
/// values and the codes cannot drift apart.
macro_rules! text_code {
    ($type:ty { $($variant:ident => $code:literal),* $(,)? }) => {
        impl $crate::core::code::TextCode for $type {
            const ALL: &'static [Self] = &[$(<$type>::$variant),*];
            fn as_str(self) -> &'static str {
                match self {
                    $(<$type>::$variant => $code),*
                }
            }
        }
    };
}

pub(crate) use text_code;

/// One of a closed set of values, by its code, for a form's field.
pub fn choice<T: TextCode>(code: &str) -> Result<T, clean::Invalid> {
    T::parse(code).ok_or(clean::Invalid::Choice)
}

#[cfg(test)]
mod tests {
    use super::TextCode;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Tide {
        High,
        Low,
    }
    super::text_code!(Tide { High => "high", Low => "low" });

    #[test]
    fn codes_read_back_as_their_values() {
        for &tide in Tide::ALL {
            assert_eq!(Tide::parse(tide.as_str()), Some(tide));
        }
        assert_eq!(Tide::parse("middle"), None);
        assert_eq!(super::choice::<Tide>("low"), Ok(Tide::Low));
    }
}
