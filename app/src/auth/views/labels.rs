//! The words for roles.

use crate::core::actor::Role;
use crate::i18n::Messages;

impl Messages {
    /// The name of a role.
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Owner => self.role_owner,
            Role::Manager => self.role_manager,
            Role::Sales => self.role_sales,
            Role::Support => self.role_support,
            Role::Marketing => self.role_marketing,
        }
    }
}
