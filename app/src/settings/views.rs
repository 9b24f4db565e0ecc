mod settings_page;
mod workspace_fields;

pub use settings_page::SettingsPage;
pub use workspace_fields::WorkspaceFields;
