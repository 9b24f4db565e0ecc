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
