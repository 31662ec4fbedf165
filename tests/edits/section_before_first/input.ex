defmodule Shop.Blog.Tag do
  use Ash.Resource, otp_app: :shop, domain: Shop.Blog

  # Columns
  attributes do
    uuid_primary_key :id
    attribute :name, :string, allow_nil?: false, public?: true
  end
end
