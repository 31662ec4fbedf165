defmodule Shop.Blog.Tag do
  use Ash.Resource

  attributes do
    uuid_primary_key :id
  end
end
