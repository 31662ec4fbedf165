defmodule Shop.Blog.Tag do
  use Ash.Resource, otp_app: :shop, domain: Shop.Blog

  attributes do
    uuid_primary_key :id
  end
end
