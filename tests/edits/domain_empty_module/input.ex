defmodule Shop.Blog do
  use Ash.Domain
end
