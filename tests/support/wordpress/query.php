<?php
// One SQL query against the site's database; the rows as a JSON list of objects.
// Usage: php query.php "SELECT ..."   ({p} is replaced by the table prefix)
require __DIR__ . '/boot.php';
global $wpdb;
$rows = $wpdb->get_results(str_replace('{p}', $wpdb->prefix, $argv[1]), ARRAY_A);
if ($wpdb->last_error) {
    fwrite(STDERR, $wpdb->last_error . "\n");
    exit(1);
}
echo json_encode($rows, JSON_UNESCAPED_UNICODE), "\n";
