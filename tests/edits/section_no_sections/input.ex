defmodule Shop.Blog.Tag do
  use Ash.Resource, otp_app: :shop, domain: Shop.Blog
end
