//! The web forms part of the settings: each form's HTML to paste, and a new form.

mod web_forms_settings;

pub use web_forms_settings::WebFormsSettings;
