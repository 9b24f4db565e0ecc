mod action_bar;
mod contact_fields;
mod contact_page;
mod contacts_page;
mod edit_contact_page;
mod new_contact_page;

pub use contact_page::{ContactPage, ContactPanel, ContactSection, ContactSections};
pub use contacts_page::ContactsPage;
pub use edit_contact_page::EditContactPage;
pub use new_contact_page::NewContactPage;

use uuid::Uuid;

use crate::core::offline::Kept;
use crate::customers::history::types::{History, Interaction, InteractionForm};
use crate::customers::types::{Assignee, Contact, ContactForm, ContactPage};

/// What a contact's page reads and writes on the device's copy when the server cannot be
/// reached. The app gives it from the offline feature, which keeps the copy.
#[derive(Clone, Copy)]
pub struct KeptContacts {
    /// The contacts the copy keeps whose name holds the search, by name.
    pub list: fn(String) -> Kept<ContactPage>,
    pub contact: fn(Uuid) -> Kept<Contact>,
    pub add: fn(ContactForm) -> Kept<Contact>,
    /// The people a contact can be given to.
    pub people: fn() -> Kept<Vec<Assignee>>,
    /// The newest of the contact's history, as many as the copy keeps.
    pub history: fn(Uuid) -> Kept<History>,
    pub log: fn(Uuid, InteractionForm) -> Kept<Interaction>,
}
