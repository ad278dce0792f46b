<?php

namespace GoStream\Command;

return ['list the commands', static function (array $args): int {
    echo usage();
    return 0;
}];
