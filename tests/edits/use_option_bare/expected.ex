defmodule Shop.Blog.Tag do
  use Ash.Resource, authorizers: [Ash.Policy.Authorizer], domain: Shop.Blog

  attributes do
    uuid_primary_key :id
  end
end
