namespace provtree { void viewsPlaceholder() {} }
