defmodule Shop.Blog.Tag do
  use Ash.Resource, otp_app: :shop, domain: Shop.Blog

  code_interface do
    define :create
  end

  actions do
    defaults [:read, create: [:name]]
  end

  # Columns
  attributes do
    uuid_primary_key :id
    attribute :name, :string, allow_nil?: false, public?: true
  end

  identities do
    identity :unique_name, [:name]
  end
end
