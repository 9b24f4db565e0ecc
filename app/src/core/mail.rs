//! Email as Banyan writes it, before any transport: the services compose a [`Mail`], the
//! server's mail job hands it to the SMTP server. Keeping the two apart lets the services'
//! tests read exactly what a customer would get without a mail server.

/// One email to one person: plain text, with an HTML alternative for campaigns, and the files
/// it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to_name: String,
    pub to_email: String,
    /// Shown before the workspace's sending address: the agent, and the company.
    pub from_name: String,
    pub subject: String,
    pub text: String,
    /// The `Message-ID`, without angle brackets. It is fixed before the first attempt, so a
    /// mail a retry would send again carries the same id and threads as one.
    pub message_id: String,
    /// The message this one answers, and the thread before it, oldest first.
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// The HTML the text is an alternative of.
    pub html: Option<String>,
    /// Where one click unsubscribes the reader (RFC 8058): mail programs show their own button.
    pub list_unsubscribe: Option<String>,
    pub files: Vec<MailFile>,
}

/// A file a mail carries: what the customer sees, and where its bytes are in the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailFile {
    pub name: String,
    pub content_type: String,
    pub key: String,
}

/// The `Message-ID` Banyan gives to what it sends for record `id`, on the sender's domain.
pub fn message_id(id: impl std::fmt::Display, domain: &str) -> String {
    format!("{id}@{domain}")
}

/// The bare id inside `<…>`, as mail programs write it in `Message-ID`, `In-Reply-To` and
/// `References`.
pub fn bare_id(id: &str) -> &str {
    id.trim().trim_start_matches('<').trim_end_matches('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_the_same_with_or_without_brackets() {
        let id = uuid::Uuid::nil();
        let ours = message_id(id, "desk.example.cn");
        assert_eq!(ours, "00000000-0000-0000-0000-000000000000@desk.example.cn");
        assert_eq!(bare_id(&format!(" <{ours}> ")), ours);
        assert_eq!(bare_id(&ours), ours);
    }
}
