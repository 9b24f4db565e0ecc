mod account_page;
mod join_page;
mod language_switch;
mod link_box;
mod login_page;
mod sessions_list;
mod setup_page;
mod users_page;

pub use account_page::AccountPage;
pub use join_page::JoinPage;
pub use language_switch::LanguageSwitch;
pub use login_page::LoginPage;
pub use setup_page::SetupPage;
pub use users_page::UsersPage;
