mod account_page;
mod language_switch;
mod login_page;
mod sessions_list;
mod setup_page;
mod users_page;

pub use account_page::AccountPage;
pub use language_switch::LanguageSwitch;
pub use login_page::LoginPage;
pub use setup_page::SetupPage;
pub use users_page::UsersPage;
