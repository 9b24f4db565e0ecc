//! Opaque list cursors: the sort key and id of the last row shown, for a list's next page.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use crate::error::{AppError, Invalid};

const SEPARATOR: char = '\u{1f}';

pub fn encode(key: &str, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{key}{SEPARATOR}{id}"))
}

/// The key and id of a cursor; a refusal names `field`, the query's name for it.
pub fn decode(field: &'static str, cursor: &str) -> Result<(String, Uuid), AppError> {
    let invalid = || AppError::invalid(field, Invalid::Choice);
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (key, id) = text.rsplit_once(SEPARATOR).ok_or_else(invalid)?;
    Ok((key.to_owned(), Uuid::parse_str(id).map_err(|_| invalid())?))
}

/// One page of `select`, the newest made first, after the row the cursor `after` names, with
/// the cursor of the next page. Ids are made in time order (UUID v7), so a page after another
/// never repeats nor skips a row that was there, however many arrive meanwhile.
#[cfg(feature = "ssr")]
pub async fn newest_first<E, C>(
    conn: &C,
    select: sea_orm::Select<E>,
    id: E::Column,
    after: Option<&str>,
    size: u64,
    id_of: impl Fn(&E::Model) -> Uuid,
) -> Result<(Vec<E::Model>, Option<String>), AppError>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut select = select;
    if let Some(after) = after {
        let (_, last) = decode("after", after)?;
        select = select.filter(id.lt(last));
    }
    let mut rows = select.order_by_desc(id).limit(size + 1).all(conn).await?;
    let more = rows.len() as u64 > size;
    rows.truncate(size as usize);
    let next = more
        .then(|| rows.last().map(|row| encode("", id_of(row))))
        .flatten();
    Ok((rows, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_garbage() {
        let id = Uuid::now_v7();
        assert_eq!(
            decode("after", &encode("张伟", id)).unwrap(),
            ("张伟".to_owned(), id)
        );
        let refused = decode("before", "not a cursor!").unwrap_err();
        assert_eq!(refused.field("before"), [Invalid::Choice]);
        assert!(decode("after", &URL_SAFE_NO_PAD.encode("no separator")).is_err());
    }
}
