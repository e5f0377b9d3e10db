console.log('ui');
