mod account_page;
mod join_page;
mod labels;
mod link_box;
mod login_page;
mod sessions_list;
mod sign_out;
mod users_page;

pub use account_page::AccountPage;
pub use join_page::JoinPage;
pub use login_page::LoginPage;
pub use sign_out::{LeaveDevice, SignOut};
pub use users_page::UsersPage;
