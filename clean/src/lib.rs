//! Values as people type them and files as spreadsheets export them, turned into values that
//! can only be valid. Pure Rust without I/O, shared by the server and the browser, and small
//! enough to fuzz.

pub mod csv_line;
pub mod date;
pub mod file_kind;
pub mod money;
pub mod rates;
pub mod similar;
#[cfg(feature = "files")]
pub mod table;
pub mod text;

use serde::{Deserialize, Serialize};

/// Why one value was refused. The UI translates each kind next to its field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Invalid {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    Email,
    Phone,
    Taken,
    /// Not one of the values offered (a role, a time zone, a currency).
    Choice,
    /// The email and password do not match an account.
    Credentials,
    /// The change would leave the workspace without an active owner.
    LastOwner,
    /// Not an amount of money as people write it.
    Amount,
    /// An amount in another currency than the one it must be in.
    Currency,
    /// Not a date, or not one that can be read without guessing.
    Date,
    /// A confirmation that does not match what it confirms (the name of what is erased).
    Confirmation,
    /// A signed link that is malformed, expired, already used or for a deactivated account.
    Link,
    /// A file that is neither UTF-8 nor GB18030 text.
    Encoding,
    /// A file without a header row and at least one row under it.
    NoRows,
    /// A file larger than Banyan takes in one import.
    FileTooLarge {
        max_mb: usize,
    },
    /// A reference to a record that does not exist (an order's customer).
    NoMatch,
    /// A pipeline needs at least one open, one won and one lost stage, and at most twelve.
    Stages,
    /// Still used by other records (a stage that deals sit in), so it cannot go.
    InUse,
    /// A change of status that the record's life does not allow (a closed ticket reopened).
    Transition,
    /// Not a span of hours as the desk's targets take it (`4`, `0.5`, `1:30`).
    Duration,
    /// A closing time at or before the opening time.
    ClosesBeforeOpens,
    /// A resolution target shorter than the first-response target.
    ResolveBeforeResponse,
    /// A file that is not a document or a picture Banyan keeps (a program, a web page).
    FileType,
    /// A segment whose members come from its rules or scores: nobody is added to it by hand.
    NotAList,
    /// A number outside the range it must be in.
    Range {
        min: i64,
        max: i64,
    },
    /// A file that is not a Banyan backup.
    NotABackup,
    /// A backup that is damaged or cut short.
    BackupDamaged,
    /// A backup made by a newer Banyan than this one.
    BackupNewer,
    /// A backup made by an older Banyan than this one.
    BackupOlder,
    /// The passphrase a sealed backup was made with is not this one.
    Passphrase,
    /// A database that already holds a workspace, which a restore would mix with another.
    NotEmpty,
    /// A sign-in code that is wrong, or was used already.
    Code,
    /// A step of signing in that waited too long: start again from the password.
    StartAgain,
    /// The workspace requires two-factor sign-in of this person's role.
    TwoFactorRequired,
    /// A request body that is not JSON, broken where it says.
    Json {
        line: usize,
        column: usize,
    },
    /// A field the request does not take (a misspelt name, a field of another record).
    UnknownField,
    /// A value of the wrong kind: a number for a text, a text for a list.
    Type,
    /// An `Idempotency-Key` already used for a request with another body.
    KeyReused,
    /// Not a web address Banyan can call: `http://` or `https://` and a host.
    Url,
    /// A web address inside the server's own network (loopback, private, link-local), which
    /// Banyan calls only when the owner allows it.
    PrivateAddress,
}
