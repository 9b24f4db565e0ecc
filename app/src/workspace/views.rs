mod exchange_rates;
mod settings_page;
mod setup_page;
mod workspace_fields;

pub use exchange_rates::ExchangeRates;
pub use settings_page::SettingsPage;
pub use setup_page::SetupPage;
pub use workspace_fields::WorkspaceFields;
